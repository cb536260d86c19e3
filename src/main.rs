use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = sansang::cli::Cli::parse();
    match sansang::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message());
            failure.exit_code()
        }
    }
}
