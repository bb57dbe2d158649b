#!/usr/bin/env node
// Independent reference values of OpenRSP's Poseidon-based hashes, computed with circomlibjs (the
// iden3 JavaScript Poseidon, versions pinned in package-lock.json) from the inputs the Rust side
// read out of the certificates:
//
//   node poseidon-vectors.js ../../tests/fixtures/independent/inputs.json \
//     > ../../tests/fixtures/independent/poseidon.json
//
// Nothing here uses the project's code: each encoding below is written from its specification
// (circuits/src/commitment.rs, programs/cert-registry/src/statement.rs, circuits/src/merkle.rs).
// circuits/tests/independent_vectors.rs recomputes every value with the project's Rust code and
// compares. Every hash is computed twice, with circomlibjs's optimised Poseidon and its reference
// implementation, and the script fails if they differ.

"use strict";
const fs = require("fs");
const path = require("path");
const { buildPoseidon, buildPoseidonReference } = require("circomlibjs");

const MAX_TBS_LEN = 1023; // commitment.rs MAX_TBS_LEN
const CHUNK_LEN = 31; // commitment.rs CHUNK_LEN
const MAX_INPUTS = 12; // poseidon.rs MAX_INPUTS (width 13)

function die(msg) {
  process.stderr.write(`poseidon-vectors: ${msg}\n`);
  process.exit(1);
}

const hexToBytes = (h) => {
  if (!/^([0-9a-f]{2})*$/.test(h)) die(`not lower-case hex: ${h}`);
  return Buffer.from(h, "hex");
};
const beToBig = (bytes) => (bytes.length ? BigInt("0x" + Buffer.from(bytes).toString("hex")) : 0n);
const hex32 = (x) => x.toString(16).padStart(64, "0");

async function main() {
  const inputsPath = process.argv[2];
  if (!inputsPath) die("usage: node poseidon-vectors.js INPUTS.json");
  const inputs = JSON.parse(fs.readFileSync(inputsPath, "utf8"));

  const opt = await buildPoseidon();
  const ref = await buildPoseidonReference();
  const P = opt.F.p;
  const poseidon = (elements) => {
    if (elements.length < 1 || elements.length > MAX_INPUTS) die(`${elements.length} inputs`);
    for (const e of elements) if (e < 0n || e >= P) die(`input ${e} is not a field element`);
    const a = opt.F.toObject(opt(elements));
    const b = ref.F.toObject(ref(elements));
    if (a !== b) die(`circomlibjs optimised and reference Poseidon differ on ${elements}`);
    return a;
  };
  // Chained: the first call takes up to 12 elements, each further call the previous digest and up
  // to 11 more.
  const chain = (elements) => {
    let digest = poseidon(elements.slice(0, MAX_INPUTS));
    for (let i = MAX_INPUTS; i < elements.length; i += MAX_INPUTS - 1) {
      digest = poseidon([digest, ...elements.slice(i, i + MAX_INPUTS - 1)]);
    }
    return digest;
  };
  // [len, chunk_0 .. chunk_32] of the TBS zero-padded to 1,023 bytes, 31-byte big-endian chunks.
  const tbsCommitment = (tbs) => {
    if (tbs.length < 1 || tbs.length > MAX_TBS_LEN) die(`TBS of ${tbs.length} bytes`);
    const chunks = Math.ceil(MAX_TBS_LEN / CHUNK_LEN);
    const padded = Buffer.alloc(chunks * CHUNK_LEN);
    tbs.copy(padded);
    const elements = [BigInt(tbs.length)];
    for (let i = 0; i < chunks; i++) elements.push(beToBig(padded.subarray(i * CHUNK_LEN, (i + 1) * CHUNK_LEN)));
    return { elements, digest: chain(elements) };
  };
  // Poseidon(x[..16], x[16..], y[..16], y[16..], iin).
  const keyHash = (k) => {
    const x = hexToBytes(k.x);
    const y = hexToBytes(k.y);
    if (x.length !== 32 || y.length !== 32) die(`key ${k.name}: coordinates of 32 bytes expected`);
    return poseidon([
      beToBig(x.subarray(0, 16)),
      beToBig(x.subarray(16)),
      beToBig(y.subarray(0, 16)),
      beToBig(y.subarray(16)),
      BigInt(k.iin),
    ]);
  };

  const tbs = {};
  for (const t of inputs.tbs) {
    const { elements, digest } = tbsCommitment(hexToBytes(t.hex));
    tbs[t.name] = { len: elements[0].toString(), commitment: hex32(digest) };
  }
  const keys = {};
  for (const k of inputs.keys) keys[k.name] = hex32(keyHash(k));

  const s = inputs.statement;
  const registrant = hexToBytes(s.registrant);
  const anchor = hexToBytes(s.anchor_key_id);
  if (registrant.length !== 32 || anchor.length !== 20) die("statement: registrant of 32, anchor_key_id of 20 bytes");
  const statementElements = [
    BigInt(s.circuit_id),
    BigInt(s.role),
    beToBig(anchor),
    BigInt("0x" + tbs[s.tbs].commitment),
    BigInt("0x" + keys[s.key]),
    BigInt(s.not_before),
    BigInt(s.not_after),
    beToBig(registrant.subarray(0, 16)),
    beToBig(registrant.subarray(16)),
  ];
  const statementHash = poseidon(statementElements);

  const m = inputs.merkle;
  const zeros = [0n];
  for (let h = 0; h < m.depth; h++) zeros.push(poseidon([zeros[h], zeros[h]]));
  const leaf = BigInt("0x" + keys[m.leaf_key]);
  const oneLeafRoots = {};
  for (const index of m.leaf_indices) {
    let node = leaf;
    for (let h = 0; h < m.depth; h++) {
      node = (index >> h) & 1 ? poseidon([zeros[h], node]) : poseidon([node, zeros[h]]);
    }
    oneLeafRoots[index] = hex32(node);
  }

  const lock = JSON.parse(fs.readFileSync(path.join(__dirname, "package-lock.json"), "utf8"));
  const version = (name) => lock.packages[`node_modules/${name}`].version;
  const out = {
    about: "Computed once by tools/vectors/poseidon-vectors.js (circomlibjs) from inputs.json; checked by circuits/tests/independent_vectors.rs. Field elements as 32-byte big-endian hex.",
    generator: {
      script: "tools/vectors/poseidon-vectors.js",
      circomlibjs: version("circomlibjs"),
      ffjavascript: version("ffjavascript"),
      node: process.version,
    },
    reference: { "poseidon([1, 2])": hex32(poseidon([1n, 2n])) },
    tbs_commitment: tbs,
    subject_key_hash: keys,
    statement: { elements: statementElements.map(hex32), hash: hex32(statementHash) },
    merkle: { zero_hashes: zeros.map(hex32), one_leaf_roots: oneLeafRoots },
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main().then(
  () => process.exit(0),
  (e) => die(e.stack || String(e)),
);
