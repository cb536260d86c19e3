use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = sansang::cli::Cli::parse();
    match sansang::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(sansang::cli::Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(failure) => {
            // The terminal window may be gone already; that is no reason to panic.
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                sansang::cli::terminal_text(failure.message())
            );
            sansang::platform::hold_window();
            failure.exit_code()
        }
    }
}
