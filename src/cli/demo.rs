//! `sansang demo`: placeholder.
#[derive(Debug, clap::Args)]
pub struct Args {}
pub fn run(_args: Args, _db: &Option<std::path::PathBuf>) -> super::Outcome {
    Ok(())
}
