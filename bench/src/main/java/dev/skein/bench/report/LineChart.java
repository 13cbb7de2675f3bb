package dev.skein.bench.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A line chart of one or more series, drawn to PNG with Java2D. Immutable and thread-safe; build one with
 * {@link #builder()}:
 *
 * <pre>{@code
 * LineChart.builder()
 *         .title("Latency under load")
 *         .xLabel("delivered msg/s").logX(true)
 *         .yLabel("p99 latency (ms)").logY(true)
 *         .series("Skein", skeinPoints)
 *         .series("Node.js", nodePoints)
 *         .horizontalLine(100, "p99 limit")
 *         .build()
 *         .writePng(Path.of("target/bench/latency.png"), 1200, 700);
 * }</pre>
 *
 * <p>Each series gets its own colour (unless given one) and marker, and its points are joined in the order
 * given, so a curve may turn back (throughput falling as load rises past saturation). The axes cover every
 * point and every horizontal line. On a log axis, points with a value {@code <= 0} cannot be placed and are
 * left out. A chart with no series, or no point that can be placed, is drawn with empty axes.
 *
 * @param title the title above the chart, may be empty
 * @param xLabel the horizontal axis' name with its unit, may be empty
 * @param yLabel the vertical axis' name with its unit, may be empty
 * @param logX whether the horizontal axis is logarithmic
 * @param logY whether the vertical axis is logarithmic
 * @param series the series, drawn and listed in the legend in this order
 * @param horizontalLines reference lines across the chart, such as a latency limit
 */
public record LineChart(
        String title,
        String xLabel,
        String yLabel,
        boolean logX,
        boolean logY,
        List<Series> series,
        List<HorizontalLine> horizontalLines) {

    /** The narrowest image, in pixels, that still has room for the labels. */
    public static final int MIN_WIDTH_PX = 240;
    /** The lowest image, in pixels, that still has room for the labels. */
    public static final int MIN_HEIGHT_PX = 180;
    /** The largest image, in pixels, on either side. */
    public static final int MAX_SIZE_PX = 10_000;

    /**
     * Colours told apart by most people with colour-blindness (Okabe and Ito), on white. A series without a
     * colour takes the next one.
     */
    public static final List<Color> PALETTE = List.of(
            new Color(0x0072B2),
            new Color(0xD55E00),
            new Color(0x009E73),
            new Color(0xCC79A7),
            new Color(0xE69F00),
            new Color(0x56B4E9),
            new Color(0x000000),
            new Color(0x8C7A00));

    public LineChart {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        series = List.copyOf(series);
        horizontalLines = List.copyOf(horizontalLines);
    }

    /** A point of a series; both coordinates finite. */
    public record Point(double x, double y) {
        public Point {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("point : (" + x + ", " + y + ") (expected: finite coordinates)");
            }
        }
    }

    /**
     * A named series of points, joined in this order.
     *
     * @param name the name in the legend, not blank
     * @param points the points, possibly none
     * @param color the colour of its line and markers
     */
    public record Series(String name, List<Point> points, Color color) {
        public Series {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("series name : '" + name + "' (expected: not blank)");
            }
            points = List.copyOf(points);
            Objects.requireNonNull(color, "color");
        }
    }

    /**
     * A dashed line across the chart at height {@code y}, labelled at its right end.
     *
     * @param y the value, finite
     * @param label the label, may be empty
     */
    public record HorizontalLine(double y, String label) {
        public HorizontalLine {
            if (!Double.isFinite(y)) {
                throw new IllegalArgumentException("horizontal line y : " + y + " (expected: finite)");
            }
            Objects.requireNonNull(label, "label");
        }
    }

    /** A builder with no title, no labels, linear axes and no series. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the chart on a white image of the given size. Sets {@code java.awt.headless=true} first unless it
     * was set, so that it works without a display.
     *
     * @throws IllegalArgumentException if a side is below {@link #MIN_WIDTH_PX} or {@link #MIN_HEIGHT_PX}, or
     *     above {@link #MAX_SIZE_PX}
     */
    public BufferedImage render(int widthPx, int heightPx) {
        checkSize("widthPx", widthPx, MIN_WIDTH_PX);
        checkSize("heightPx", heightPx, MIN_HEIGHT_PX);
        return new ChartPainter(this, widthPx, heightPx).paint();
    }

    /**
     * Draws the chart, as {@link #render(int, int)} does, and writes it to {@code file} as PNG, replacing the
     * file and creating its directory if needed.
     *
     * @throws IOException if the file cannot be written
     */
    public void writePng(Path file, int widthPx, int heightPx) throws IOException {
        BufferedImage image = render(widthPx, heightPx);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("No PNG writer in this JDK; cannot write " + file);
        }
    }

    private static void checkSize(String name, int px, int min) {
        if (px < min || px > MAX_SIZE_PX) {
            throw new IllegalArgumentException(name + " : " + px + " (expected: " + min + ".." + MAX_SIZE_PX + ")");
        }
    }

    /** Collects a {@link LineChart}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private String title = "";
        private String xLabel = "";
        private String yLabel = "";
        private boolean logX;
        private boolean logY;
        private final List<Series> series = new ArrayList<>();
        private final List<HorizontalLine> horizontalLines = new ArrayList<>();

        private Builder() {}

        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        public Builder xLabel(String xLabel) {
            this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
            return this;
        }

        public Builder yLabel(String yLabel) {
            this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
            return this;
        }

        public Builder logX(boolean logX) {
            this.logX = logX;
            return this;
        }

        public Builder logY(boolean logY) {
            this.logY = logY;
            return this;
        }

        /** Adds a series in the next colour of {@link LineChart#PALETTE}. */
        public Builder series(String name, List<Point> points) {
            return series(name, points, PALETTE.get(series.size() % PALETTE.size()));
        }

        /** Adds a series in the given colour. */
        public Builder series(String name, List<Point> points, Color color) {
            series.add(new Series(name, points, color));
            return this;
        }

        /** Adds a dashed line across the chart at {@code y}, labelled {@code label}. */
        public Builder horizontalLine(double y, String label) {
            horizontalLines.add(new HorizontalLine(y, label));
            return this;
        }

        public LineChart build() {
            return new LineChart(title, xLabel, yLabel, logX, logY, series, horizontalLines);
        }
    }
}
