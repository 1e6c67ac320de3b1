package dev.ledger.devstack;

import java.time.Instant;

/**
 * A process as another process can recognise it later: its pid alone could by then name a process
 * that started after it ended, so its start time goes with it ({@code ""} where the system keeps
 * none).
 */
record ProcessIdentity(long pid, String started) {

    static ProcessIdentity of(ProcessHandle process) {
        return new ProcessIdentity(
                process.pid(),
                process.info().startInstant().map(Instant::toString).orElse(""));
    }

    boolean isAlive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(ProcessIdentity::of)
                .filter(this::equals)
                .isPresent();
    }
}
