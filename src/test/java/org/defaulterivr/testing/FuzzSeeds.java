package org.defaulterivr.testing;

import java.security.SecureRandom;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The seeds of the property and fuzz tests. {@code mvn -B verify} draws the same inputs on every run, so that a CI
 * run cannot fail on an input no earlier run tried: each property's seed is derived from the base seed
 * {@code fuzz.seed} (1 unless given) and the property's class and method names.
 *
 * <p>Exploratory fuzzing draws fresh inputs: {@code mvn -B test -Pfuzz-random -Dtest='*Fuzz*,*Properties*'} (the
 * profile sets {@code fuzz.seed=random}) picks a random base seed and prints it to each test class's output
 * ({@code target/surefire-reports/*-output.txt}); {@code -Dfuzz.seed=<that number>} draws exactly those inputs
 * again. jqwik's own report of a failed property names that property's seed, which {@code @Property(seed = ...)}
 * pins; a property with its own seed keeps it in every mode.
 *
 * <p>{@link Properties} applies to every jqwik property (registered in {@code META-INF/services}); tests that draw
 * from arbitraries directly ({@code sampleStream()}) use {@link Session}.
 */
public final class FuzzSeeds {
    /** The system property naming the base seed: a number, or {@code random}. */
    public static final String PROPERTY = "fuzz.seed";
    private static final long BASE = base();

    private FuzzSeeds() {
    }

    /** The seed of the property or test {@code name} ("class#method"). */
    public static long seed(String name) {
        long h = BASE ^ (name.hashCode() * 0x9E3779B97F4A7C15L);
        // a SplitMix64 finaliser, so that near names get unrelated seeds
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    private static long base() {
        String given = System.getProperty(PROPERTY, "1").strip();
        if (given.isEmpty()) {
            return 1;
        }
        if (given.equals("random")) {
            long base = new SecureRandom().nextLong();
            System.out.println("fuzz.seed=" + base + " (fresh inputs; -Dfuzz.seed=" + base + " draws them again)");
            return base;
        }
        try {
            return Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " is a number or 'random', not '" + given + "'", e);
        }
    }

    /** Gives every jqwik property without a seed of its own the seed {@link #seed} derives for it. */
    public static final class Properties implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            if (context.attributes().seed().filter(s -> !s.isEmpty()).isEmpty()) {
                context.attributes().setSeed(Long.toString(
                        seed(context.containerClass().getName() + "#" + context.targetMethod().getName())));
            }
            return property.execute();
        }

        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS; // registered once for the engine, it applies to every property
        }

        @Override
        public int aroundPropertyProximity() {
            return -100; // outermost: before any other hook looks at the attributes
        }
    }

    /** A JUnit test's {@code sample()} and {@code sampleStream()} draw from the seed {@link #seed} derives for it. */
    public static final class Session implements BeforeEachCallback, AfterEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            JqwikSession.start(Long.toString(
                    seed(context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName())));
        }

        @Override
        public void afterEach(ExtensionContext context) {
            JqwikSession.finish();
        }
    }
}
