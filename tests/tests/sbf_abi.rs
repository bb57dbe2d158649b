//! SBPF passes at most five arguments in registers (a slice or a returned aggregate's slot counts
//! as registers too). When a call needs more, the compiler stores the rest above the frame pointer
//! (`*(r10 + n) = ..`, n > 0), into the callee's stack frame. Some runtimes tolerate it
//! (solana-program-test 4.3 did); others refuse it with an access violation in the next stack
//! frame (the embedded ledger's VM, with stack-frame gaps). This test reads the `.text` of every
//! built program and refuses any store above the frame pointer, so no such call ships.

use openrsp_tests::root;

const PROGRAMS: [&str; 4] = [
    "cert_registry",
    "eid_commitment",
    "usdc_billing",
    "profile_escrow",
];

/// The `.text` section of an ELF64 little-endian file.
fn text_section(elf: &[u8]) -> &[u8] {
    let u16_at = |at: usize| u16::from_le_bytes(elf[at..at + 2].try_into().unwrap()) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap()) as usize;
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap()) as usize;
    assert_eq!(&elf[..4], b"\x7fELF", "an ELF file");
    let (shoff, shentsize, shnum, shstrndx) =
        (u64_at(0x28), u16_at(0x3a), u16_at(0x3c), u16_at(0x3e));
    let section = |i: usize| shoff + i * shentsize;
    let names = u64_at(section(shstrndx) + 0x18);
    (0..shnum)
        .map(section)
        .find(|&s| {
            let name = names + u32_at(s);
            elf[name..].starts_with(b".text\0")
        })
        .map(|s| &elf[u64_at(s + 0x18)..u64_at(s + 0x18) + u64_at(s + 0x20)])
        .expect(".text section")
}

/// Indices of stores (register or immediate, any size) to `r10 + n` with n > 0.
fn stores_above_frame(text: &[u8]) -> Vec<usize> {
    const STORES: [u8; 8] = [0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b];
    let (instructions, _) = text.as_chunks::<8>();
    instructions
        .iter()
        .enumerate()
        .filter(|(_, insn)| {
            let offset = i16::from_le_bytes([insn[2], insn[3]]);
            STORES.contains(&insn[0]) && insn[1] & 0x0f == 10 && offset > 0
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn the_scanner_sees_a_store_above_the_frame_pointer() {
    // `*(u64 *)(r10 + 8) = r1`, then `*(u64 *)(r10 - 8) = r1` and `r0 = 0`.
    let text = [
        [0x7b, 0x1a, 8, 0, 0, 0, 0, 0],
        [0x7b, 0x1a, 0xf8, 0xff, 0, 0, 0, 0],
        [0xb7, 0x00, 0, 0, 0, 0, 0, 0],
    ]
    .concat();
    assert_eq!(stores_above_frame(&text), vec![0]);
}

#[test]
fn no_program_passes_arguments_through_the_stack() {
    for program in PROGRAMS {
        let path = root().join("target/deploy").join(format!("{program}.so"));
        let elf = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run `make build`)", path.display()));
        let text = text_section(&elf);
        assert!(text.len() > 10_000, "{program}: .text found");
        let found = stores_above_frame(text);
        assert!(
            found.is_empty(),
            "{program}: stores above the frame pointer at instructions {found:?}: a call with \
             more than five register arguments (inline the callee or pass a struct by reference)"
        );
    }
}
