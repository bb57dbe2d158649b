// Anchor's JavaScript client against the real OpenRSP programs: every program is set up and paused
// through `@coral-xyz/anchor`, with the committed IDLs as the only description. The config PDAs,
// the ProgramData accounts and the system program are left out of `.accounts(...)`: the client
// resolves them from the IDL's seeds and addresses. Then each config is read back through the
// IDL's account coder.
//
//   node run.mjs RPC_URL DEPLOYER_KEYPAIR.json EID_VK.json IDL_DIR
//
// DEPLOYER is the programs' upgrade authority (the validator's genesis mint). Prints one JSON line
// per instruction; exits 1 with the reason on the first failure.
import fs from "node:fs";
import anchor from "@coral-xyz/anchor";
import { Connection, Keypair } from "@solana/web3.js";

const { AnchorProvider, Program, Wallet, BN } = anchor;
const [url, deployerPath, vkPath, idlDir] = process.argv.slice(2);
if (!idlDir) {
  console.error("usage: node run.mjs RPC_URL DEPLOYER_KEYPAIR.json EID_VK.json IDL_DIR");
  process.exit(2);
}

const readJson = (path) => JSON.parse(fs.readFileSync(path, "utf8"));
const deployer = Keypair.fromSecretKey(Uint8Array.from(readJson(deployerPath)));
const connection = new Connection(url, "confirmed");
const provider = new AnchorProvider(connection, new Wallet(deployer), {
  commitment: "confirmed",
});
const program = (name) => new Program(readJson(`${idlDir}/${name}.json`), provider);
const registry = program("cert_registry");
const eid = program("eid_commitment");
const billing = program("usdc_billing");
const escrow = program("profile_escrow");

// The eid-commitment key (the test circuit's, as the Rust side encoded it), in the IDL's field
// names as the client spells them.
const vk = readJson(vkPath);
const key = {
  alphaG1: vk.alpha_g1,
  betaG2: vk.beta_g2,
  gammaG2: vk.gamma_g2,
  deltaG2: vk.delta_g2,
  ic: vk.ic,
};

const me = deployer.publicKey;
const signers = { payer: me, upgradeAuthority: me };
const steps = [
  [
    "cert_registry",
    "initialize_registry",
    () => registry.methods.initializeRegistry(me).accounts(signers).rpc(),
  ],
  [
    "eid_commitment",
    "initialize_config",
    () =>
      eid.methods
        .initializeConfig(me, registry.programId, vk.circuit_id, vk.circuit_version, key)
        .accounts(signers)
        .rpc(),
  ],
  [
    "usdc_billing",
    "initialize_billing",
    () =>
      billing.methods
        .initializeBilling(me, registry.programId, eid.programId, me, 25, new BN(3600))
        .accounts(signers)
        .rpc(),
  ],
  [
    "profile_escrow",
    "initialize_escrow",
    () =>
      escrow.methods
        .initializeEscrow(me, billing.programId, new BN(86400), new BN(604800))
        .accounts(signers)
        .rpc(),
  ],
];
for (const p of [registry, eid, billing, escrow]) {
  steps.push([
    p.idl.metadata.name,
    "set_paused",
    () => p.methods.setPaused(true).accounts({ authority: me }).rpc(),
  ]);
}

try {
  for (const [name, instruction, send] of steps) {
    const signature = await send();
    console.log(JSON.stringify({ program: name, instruction, signature }));
  }
  // Read back through the IDL: every config names the deployer and is paused.
  const configs = [
    [registry, "registry", "registry"],
    [eid, "eidConfig", "config"],
    [billing, "billingConfig", "billing_config"],
    [escrow, "escrowConfig", "escrow_config"],
  ];
  for (const [p, account, seed] of configs) {
    const [address] = anchor.web3.PublicKey.findProgramAddressSync(
      [Buffer.from(seed)],
      p.programId,
    );
    const config = await p.account[account].fetch(address);
    const ok = config.authority.equals(me) && config.paused === true;
    console.log(
      JSON.stringify({
        program: p.idl.metadata.name,
        config: address.toBase58(),
        authority: config.authority.toBase58(),
        paused: config.paused,
      }),
    );
    if (!ok) throw new Error(`${p.idl.metadata.name}: the config read back is not what was sent`);
  }
} catch (e) {
  console.error(`error: ${e.message ?? e}`);
  if (e.logs) console.error(e.logs.join("\n"));
  process.exit(1);
}
