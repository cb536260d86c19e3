use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

// mimalloc: a scan of a database allocates and frees a few small values per answer on three
// threads at once, where glibc's allocator spent a fifth of `score`'s time in its locks and kept
// about 90 MiB of per-thread pools after a JSON export. Built without transparent huge pages,
// which would count whole 2 MiB pages of its reserve in the resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
