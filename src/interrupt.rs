//! Ctrl-C (SIGINT) and SIGTERM: the first one asks the run to stop cleanly
//! (in-flight requests are abandoned, what is finished is kept, the report
//! says it is partial, exit status 130); a second one ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

static FLAG: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));

/// The exit status of a run stopped by Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Starts listening for Ctrl-C and SIGTERM. Failing to listen is not fatal:
/// the run then stops the way it always would.
pub fn install() {
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Order matters: the shutdown hook sees the flag set by a first signal.
        let _ = signal_hook::flag::register_conditional_shutdown(
            signal,
            i32::from(EXIT_INTERRUPTED),
            Arc::clone(&FLAG),
        );
        let _ = signal_hook::flag::register(signal, Arc::clone(&FLAG));
    }
}

/// Whether the user asked the run to stop.
pub fn interrupted() -> bool {
    FLAG.load(Ordering::Relaxed)
}
