package org.defaulterivr.bench;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.defaulterivr.config.Setting;
import org.defaulterivr.index.ListingIndex;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.screening.Screener;

/**
 * The baseline under test, in its own JVM: asterisk-java 3.41.0's {@link DefaultAgiServer} with every default
 * (10 core / 500 maximum threads, a {@link java.util.concurrent.SynchronousQueue}, so call 501 is refused; accept
 * backlog 200), running {@link ScreeningAgiScript} against the same in-memory index and numbers as our server.
 *
 * <p>Arguments: port, listed numbers, notice length in ms.
 */
public final class BaselineServerMain {
    private BaselineServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        NumberPlan plan = new NumberPlan(Integer.parseInt(args[1]));
        long noticeMs = Long.parseLong(args[2]);
        ChildControl control = new ChildControl();
        Clock clock = Clock.systemUTC();
        ListingIndex index = new ListingIndex();
        Instant now = clock.instant();
        index.replaceAll(plan.listings(1, noticeMs, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30))),
                now);
        Set<String> exempt = Arrays.stream(Setting.SCREENING_EXEMPT_CALLERS.defaultValue().split(","))
                .map(String::trim).collect(Collectors.toUnmodifiableSet());
        PhoneNumbers numbers = new PhoneNumbers(Setting.SCREENING_DEFAULT_REGION.defaultValue());
        Screener screener = new Screener(index, numbers, exempt, clock);

        SimpleMappingStrategy mapping = new SimpleMappingStrategy();
        mapping.setMappings(Map.of("screen", new ScreeningAgiScript(screener,
                Setting.NOTICE_SOUNDS_PREFIX.defaultValue())));
        DefaultAgiServer server = new DefaultAgiServer(mapping);
        server.setPort(port);
        server.setAddress(InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            try {
                server.startup();
            } catch (Exception e) {
                System.err.println("baseline server failed: " + e);
                System.exit(3);
            }
        }, "baseline-accept");
        acceptor.start();
        awaitListening(port);
        ChildControl.say("READY port=" + port + " numbers=" + index.numberCount() + " poolSize="
                + server.getPoolSize() + " maximumPoolSize=" + server.getMaximumPoolSize());
        control.serve(server::shutdown);
        System.exit(0);
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                // a probe connection without an environment block: asterisk-java logs and closes it
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("baseline did not listen on " + port);
    }
}
