package dev.ledger.devstack;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Currency codes no other test has used on the shared stack, XAA, XAB, ... in the order asked for,
 * so a test can check per-currency totals exactly. One sequence per test JVM, like the stack, whose
 * databases start empty; it lives here rather than in a test class because, like
 * {@link SharedStack}, it outlives Quarkus's application restarts between test classes.
 */
public final class TestCurrencies {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestCurrencies() {}

    public static String next() {
        int next = NEXT.getAndIncrement();
        if (next >= 26 * 26) {
            throw new IllegalStateException("all 676 test currencies XAA..XZZ are taken in this JVM");
        }
        return "X" + (char) ('A' + next / 26) + (char) ('A' + next % 26);
    }
}
