//! Compute units of every instruction of the four programs, held under a cap: the measurement of
//! `make bench` (`openrsp_tests::cu::measure`, the real `.so` files, every wallet and so every PDA
//! bump search the same in every run), each instruction against the cap beside its last measured
//! value, about 1.25 times that value. A regression shows here, in `make test`; a lasting change
//! updates the table (`make bench` prints the new figures).

use openrsp_tests::cu::measure;

/// `(program, instruction, measured compute units, cap)`.
const CAPS: &[(&str, &str, u64, u64)] = &[
    ("cert_registry", "accept_authority", 566, 710),
    ("cert_registry", "add_trust_anchor", 5_272, 6_590),
    ("cert_registry", "add_verifying_key", 74_080, 92_600),
    ("cert_registry", "cancel_authority", 550, 690),
    ("cert_registry", "initialize_eum_tree", 3_586, 4_490),
    ("cert_registry", "initialize_registry", 5_129, 6_420),
    ("cert_registry", "propose_authority", 553, 700),
    ("cert_registry", "register_certificate", 93_433, 116_800),
    ("cert_registry", "register_certificate_eum", 111_172, 138_970),
    ("cert_registry", "retire_trust_anchor", 696, 870),
    ("cert_registry", "retire_verifying_key", 677, 850),
    ("cert_registry", "revoke_certificate", 766, 960),
    ("cert_registry", "revoke_eum_certificate", 27_653, 34_570),
    ("cert_registry", "set_paused", 431, 540),
    ("eid_commitment", "accept_authority", 565, 710),
    ("eid_commitment", "cancel_authority", 551, 690),
    ("eid_commitment", "initialize_config", 75_530, 94_420),
    ("eid_commitment", "propose_authority", 553, 700),
    ("eid_commitment", "register_commitment", 92_611, 115_770),
    ("eid_commitment", "revoke_commitment", 641, 810),
    ("eid_commitment", "rotate_commitment", 86_583, 108_230),
    ("eid_commitment", "set_paused", 431, 540),
    ("eid_commitment", "set_purposes", 500, 630),
    ("eid_commitment", "set_verifying_key", 67_825, 84_790),
    ("eid_commitment", "take_over_commitment", 86_618, 108_280),
    ("usdc_billing", "accept_authority", 566, 710),
    ("usdc_billing", "cancel_authority", 550, 690),
    ("usdc_billing", "close_subscription", 7_930, 9_920),
    ("usdc_billing", "create_plan", 7_651, 9_570),
    ("usdc_billing", "initialize_billing", 6_917, 8_650),
    ("usdc_billing", "open_subscription", 15_072, 18_840),
    ("usdc_billing", "propose_authority", 553, 700),
    ("usdc_billing", "redeem_voucher", 15_781, 19_730),
    ("usdc_billing", "request_close", 691, 870),
    ("usdc_billing", "retire_plan", 641, 810),
    ("usdc_billing", "set_close_notice", 467, 590),
    ("usdc_billing", "set_paused", 431, 540),
    ("usdc_billing", "set_protocol_fee", 519, 650),
    ("usdc_billing", "top_up", 2_030, 2_540),
    ("usdc_billing", "update_plan", 3_004, 3_760),
    ("profile_escrow", "accept_authority", 565, 710),
    ("profile_escrow", "accept_order", 856, 1_070),
    ("profile_escrow", "cancel_authority", 550, 690),
    ("profile_escrow", "cancel_order", 8_078, 10_100),
    ("profile_escrow", "claim_payment", 17_250, 21_570),
    ("profile_escrow", "confirm_installation", 17_167, 21_460),
    ("profile_escrow", "create_order", 12_156, 15_200),
    ("profile_escrow", "deliver_profile", 1_700, 2_130),
    ("profile_escrow", "dispute_order", 892, 1_120),
    ("profile_escrow", "initialize_escrow", 8_227, 10_290),
    ("profile_escrow", "propose_authority", 553, 700),
    ("profile_escrow", "refund_order", 8_200, 10_250),
    ("profile_escrow", "resolve_dispute", 16_958, 21_200),
    ("profile_escrow", "set_escrow_windows", 481, 610),
    ("profile_escrow", "set_paused", 431, 540),
];

#[test]
fn every_instruction_stays_under_its_compute_unit_cap() {
    let measured = measure().expect("the measurement run");
    let mut over = Vec::new();
    let mut seen = Vec::new();
    for (program, instruction, units) in measured.rows() {
        let Some((_, _, last, cap)) = CAPS
            .iter()
            .find(|(p, i, _, _)| *p == program && *i == instruction)
        else {
            panic!("{program}.{instruction} ({units} CU) has no cap: add it to CAPS");
        };
        if units > *cap {
            over.push(format!(
                "{program}.{instruction}: {units} CU, cap {cap} (last measured {last})"
            ));
        }
        seen.push((program, instruction));
    }
    assert!(over.is_empty(), "over their caps:\n{}", over.join("\n"));
    for (program, instruction, _, _) in CAPS {
        assert!(
            seen.contains(&(*program, *instruction)),
            "{program}.{instruction} has a cap but was not measured"
        );
    }
}

#[test]
fn caps_are_about_a_quarter_above_the_last_measurement() {
    for (program, instruction, last, cap) in CAPS {
        let ratio = *cap as f64 / *last as f64;
        assert!(
            (1.2..=1.3).contains(&ratio),
            "{program}.{instruction}: cap {cap} is {ratio:.2} times {last}"
        );
    }
}
