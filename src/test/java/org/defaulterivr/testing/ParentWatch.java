package org.defaulterivr.testing;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a main class in a child process that ends itself when the test JVM that started it goes away, however that
 * happens (a failed run, Surefire killing its fork, SIGKILL): no node a test started outlives {@code mvn verify}.
 * Usage: {@code ParentWatch MainClass args...}.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        ProcessHandle.current().parent().ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(137)),
                () -> Runtime.getRuntime().halt(137));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
