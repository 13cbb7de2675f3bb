package dev.skein.bench;

/** The benchmark's command line: {@code java -jar skein-bench.jar [options] [scenario...]}. */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("soak")) {
            System.exit(soak(java.util.Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new BenchRun(options).run());
    }

    /** {@code soak [options]}: the long run of churn and traffic ({@link dev.skein.bench.soak.SoakOptions}). */
    private static int soak(String[] args) throws java.io.IOException {
        dev.skein.bench.soak.SoakOptions options;
        try {
            options = dev.skein.bench.soak.SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return new dev.skein.bench.soak.SoakRun(options).run();
    }
}
