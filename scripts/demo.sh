#!/usr/bin/env bash
# `make demo`: the cert-registry, eid-commitment, usdc-billing and profile-escrow flows on a fresh
# embedded ledger, every step
# through the openrsp CLI, with real zero-knowledge proofs of the real SGP.26 certificates and of a
# test-PKI eUICC chain.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="$root/target/debug/openrsp"
vectors="${OPENRSP_VECTORS:-$root/../shared/vectors/sgp26}"
work="$root/target/demo"
rm -rf "$work/ledger" "$work/wallets" "$work/proofs"
mkdir -p "$work/wallets" "$work/proofs"
export OPENRSP_LEDGER="$work/ledger" OPENRSP_KEYS="$work/keys" OPENRSP_PROGRAMS="$root/target/deploy"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ openrsp %s\n' "$*"; "$bin" "$@"; }
# `capture FIELD openrsp-args...`: runs with --output json, echoes the command, prints FIELD's value.
capture() {
  local field="$1"; shift
  printf '$ openrsp %s\n' "$*" >&2
  "$bin" "$@" --output json | sed -n "s/^  \"$field\": \"\([^\"]*\)\".*/\1/p" | head -1
}

step "Wallets: the registry authority (GSMA-like governance) and an SM-DP+ operator"
run keygen --out "$work/wallets/authority.json"
run keygen --out "$work/wallets/operator.json"
run airdrop 10 --keypair "$work/wallets/authority.json"
run airdrop 10 --keypair "$work/wallets/operator.json"

gov=(--keypair "$work/wallets/authority.json")
op=(--keypair "$work/wallets/operator.json")

step "Governance: create the registry, register the SGP.26 Test CI (NIST P-256) as trust anchor"
run registry init "${gov[@]}"
run registry anchor add --cert "$vectors/CertificateIssuer/CERT_CI_ECDSA_NIST.der" "${gov[@]}"

step "Governance: register the verifying key of the certificate circuit (cert_p256) for the SM-DP+ roles"
echo "(the first run generates the circuit's Groth16 keys, about half a minute; they are cached in $OPENRSP_KEYS)"
run registry vk add --roles dp-auth,dp-pb,dp-tls \
  --anchor-cert "$vectors/CertificateIssuer/CERT_CI_ECDSA_NIST.der" "${gov[@]}"

step "Operator: prove and register the SM-DP+ certificates (SGP.26 DPauth and DPpb) without revealing them"
echo "(each proof: SHA-256 of the TBS, the CI's ECDSA P-256 signature, the DER fields, the commitment)"
for cert in DPauth/CERT_S_SM_DPauth_ECDSA_NIST DPpb/CERT_S_SM_DPpb_ECDSA_NIST; do
  name="$(basename "$cert")"
  run cert prove --cert "$vectors/$cert.der" \
    --ci "$vectors/CertificateIssuer/CERT_CI_ECDSA_NIST.der" --out "$work/proofs/$name.json" "${op[@]}"
  run cert register --proof "$work/proofs/$name.json" "${op[@]}"
done

step "LPA: look the SM-DP+ certificate up (recompute the commitment, read the record)"
run cert lookup --cert "$vectors/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"
run lpa check-smdp --cert "$vectors/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"
run cert show --cert "$vectors/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"

step "Someone else's proof is useless: the authority tries to register the operator's proof"
echo "(the SDK refuses before sending; the program refuses too: tests/tests/cert_registry.rs)"
if "$bin" cert register --proof "$work/proofs/CERT_S_SM_DPauth_ECDSA_NIST.json" "${gov[@]}"; then
  echo "demo: a proof bound to the operator was accepted from another signer" >&2; exit 1
fi

step "Operator: revoke the certificate (key compromise); the LPA now refuses it"
run cert revoke --cert "$vectors/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der" --reason key-compromise "${op[@]}"
if "$bin" cert lookup --cert "$vectors/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"; then
  echo "demo: a revoked certificate looked valid" >&2; exit 1
fi
if "$bin" lpa check-smdp --cert "$vectors/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"; then
  echo "demo: the LPA trusted a revoked SM-DP+" >&2; exit 1
fi

pki="$root/circuits/testdata"
eum=(--keypair "$work/wallets/eum.json")
alice=(--keypair "$work/wallets/consumer.json")
bob=(--keypair "$work/wallets/other-consumer.json")
step "EID privacy: an EUM and a consumer (test PKI from \`openrsp testpki\`, kept in circuits/testdata)"
run keygen --out "$work/wallets/eum.json"
run keygen --out "$work/wallets/consumer.json"
run keygen --out "$work/wallets/other-consumer.json"
for w in eum consumer other-consumer; do run airdrop 2 --keypair "$work/wallets/$w.json"; done

step "Governance: the test CI as a second anchor, cert_p256 of it for EUMs, the EUM tree, eid-commitment"
echo "(the first run generates the cert_p256 keys of this CI and the euicc_chain keys, about two minutes)"
run registry anchor add --cert "$pki/ci.der" "${gov[@]}"
run registry vk add --roles eum --anchor-cert "$pki/ci.der" "${gov[@]}"
run registry eum-tree init "${gov[@]}"
run eid init "${gov[@]}"

step "EUM: prove and register its certificate; its key and IIN join the EUM tree"
run cert prove --cert "$pki/eum.der" --ci "$pki/ci.der" --out "$work/proofs/eum.json" "${eum[@]}"
run cert register --proof "$work/proofs/eum.json" "${eum[@]}"
run registry eum-tree show

step "Consumer: prove the eUICC genuine and commit to its EID, without revealing either"
run eid prove --euicc "$pki/euicc-1.der" --eum "$pki/eum.der" --purpose subscriber \
  --out "$work/proofs/eid.json" "${alice[@]}"
eid_commitment="$(capture eid_commitment eid register --proof "$work/proofs/eid.json" "${alice[@]}")"
echo "EID commitment: $eid_commitment"
run eid show --proof "$work/proofs/eid.json"

step "Someone else proves the same chip for the same purpose: the nullifier is already used"
run eid prove --euicc "$pki/euicc-1.der" --eum "$pki/eum.der" --purpose subscriber \
  --out "$work/proofs/eid-other.json" "${bob[@]}"
if "$bin" eid register --proof "$work/proofs/eid-other.json" "${bob[@]}"; then
  echo "demo: the same EID registered twice for one purpose" >&2; exit 1
fi

step "Payments governance: usdc-billing (fee 0.25 %, close notice 60 s) and profile-escrow"
run plan init --fee-bps 25 --close-notice 60 "${gov[@]}"
run order init --dispute-hours 72 --delivery-hours 168 "${gov[@]}"

step "A USDC-like test mint (6 decimals, classic SPL Token); the consumer holds 100"
mint="$(capture mint token create-mint --decimals 6 "${gov[@]}")"
alice_address="$("$bin" address "${alice[@]}")"
op_address="$("$bin" address "${op[@]}")"
run token mint --mint "$mint" --to "$alice_address" --amount 100000000 "${gov[@]}"

step "Operator: publish a plan (its SM-DP+ DPpb record admits it): 10 GB, 30 days, FR/DE/ES, 9.99"
plan="$(capture plan plan create --id 1 --smdp-cert "$vectors/DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der" \
  --mint "$mint" --price 9990000 --data-mb 10240 --days 30 --countries FR,DE,ES --region 1 "${op[@]}")"
run plan list --active

step "Consumer: order the plan for its EID commitment; 9.99 waits in escrow"
order="$(capture order order create --plan "$plan" --eid-commitment "$eid_commitment" "${alice[@]}")"
run order show --order "$order"

step "Operator: accept, deliver a real TS.48 profile package (hash on-chain) and the activation code encrypted to the consumer"
run order accept --order "$order" "${op[@]}"
run order deliver --order "$order" --package "$root/../shared/vectors/upp/TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der" \
  --smdp-address testsmdpplus1.example.com "${op[@]}"

step "Consumer (its LPA): decrypt the activation code and scan it"
run order show --order "$order" --qr "${alice[@]}"
run lpa activation-code --order "$order" "${alice[@]}"

step "Consumer: the profile is installed; confirming releases the escrow to the operator (less the 0.25 % fee)"
run order confirm --order "$order" "${alice[@]}"
run token balance --mint "$mint" --owner "$op_address"

step "Pay as you go: a subscription with 5.00 deposited; the device signs cumulative vouchers"
run keygen --out "$work/wallets/device.json"
sub="$(capture subscription sub open --plan "$plan" --eid-commitment "$eid_commitment" \
  --device "$work/wallets/device.json" --deposit 5000000 "${alice[@]}")"
run sub voucher --subscription "$sub" --cumulative 1200000 --device "$work/wallets/device.json" --out "$work/proofs/v1.json" "${alice[@]}"
run sub voucher --subscription "$sub" --cumulative 2500000 --device "$work/wallets/device.json" --out "$work/proofs/v2.json" "${alice[@]}"

step "Operator: redeem the latest voucher (paid the difference); the older one pays nothing"
run sub redeem --voucher "$work/proofs/v2.json" "${op[@]}"
if "$bin" sub redeem --voucher "$work/proofs/v1.json" "${op[@]}"; then
  echo "demo: an older voucher was paid" >&2; exit 1
fi
run sub show --subscription "$sub"

step "Consumer: give notice (the rest comes back after it)"
run sub close --subscription "$sub" "${alice[@]}"
run token balance --mint "$mint" --owner "$alice_address"
run token balance --mint "$mint" --owner "$op_address"

step "Registry state"
run registry show
run registry vk list
run cert list --role dp-pb --valid
run balance "${op[@]}"
printf '\ndemo finished: ledger in %s\n' "$work/ledger"
