package dev.skein.bench;

/** The benchmark's command line: {@code java -jar skein-bench.jar [options] [scenario...]}. */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
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
}
