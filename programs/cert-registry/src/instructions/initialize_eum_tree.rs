//! Creates the EUM tree, empty. Governance creates it once, before the first EUM registers; from
//! then on every EUM certificate registration appends the EUM's key to it.
//!
//! Accounts: `authority` (signer), `payer` (signer, writable), `registry`, `eum_tree` (writable,
//! PDA `["eum_tree"]`), `system_program`.

use super::require_authority;
use crate::{
    events::{emit, EumTreeInitialized},
    seeds,
    state::{AccountLayout, EumTree, Registry},
};
use openrsp_framework::{
    accounts::{create_pda, load, payer, system_program, take},
    args::no_args,
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(program_id: &Address, accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let [authority, payer_account, registry_account, tree_account, system] = take::<5>(accounts)?;
    no_args(data)?;
    payer(payer_account)?;
    system_program(system)?;
    require_authority(&*load::<Registry>(registry_account, program_id)?, authority)?;

    let bump = create_pda::<EumTree>(payer_account, tree_account, &[seeds::EUM_TREE], program_id)?;
    let mut data = tree_account.try_borrow_mut()?;
    let tree = EumTree::initialize(&mut data)?;
    tree.start(bump);

    emit(&EumTreeInitialized {
        eum_tree: tree_account.address().to_bytes(),
        depth: tree.depth,
        root: tree.root(),
    });
    Ok(())
}
