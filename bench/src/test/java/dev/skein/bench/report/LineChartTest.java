package dev.skein.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    private static final List<LineChart.Point> SKEIN = List.of(
            new LineChart.Point(1_000, 2.1),
            new LineChart.Point(10_000, 2.8),
            new LineChart.Point(100_000, 6.5),
            new LineChart.Point(400_000, 48));
    private static final List<LineChart.Point> NODE = List.of(
            new LineChart.Point(1_000, 3.2),
            new LineChart.Point(10_000, 5.9),
            new LineChart.Point(60_000, 140),
            new LineChart.Point(55_000, 900));

    @Test
    void writesAPngWithBothSeriesInTheirColours(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("charts/latency.png");

        LineChart.builder()
                .title("p99 latency under load")
                .xLabel("delivered msg/s")
                .yLabel("p99 latency (ms)")
                .logX(true)
                .logY(true)
                .series("Skein", SKEIN)
                .series("Node.js", NODE)
                .horizontalLine(100, "p99 limit")
                .build()
                .writePng(file, 900, 600);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
        Set<Integer> colours = colours(image);
        assertThat(colours).hasSizeGreaterThan(20);
        assertThat(colours).contains(rgb(Color.WHITE), rgb(LineChart.PALETTE.get(0)), rgb(LineChart.PALETTE.get(1)));
        assertThat(rgb(new Color(image.getRGB(2, 2)))).as("background").isEqualTo(rgb(Color.WHITE));
    }

    @Test
    void givenColourIsUsed() {
        Color teal = new Color(0x00808A);
        BufferedImage image = LineChart.builder()
                .series("only", List.of(new LineChart.Point(1, 1), new LineChart.Point(2, 4)), teal)
                .build()
                .render(400, 300);

        assertThat(colours(image)).contains(rgb(teal)).doesNotContain(rgb(LineChart.PALETTE.get(0)));
    }

    @Test
    void nonPositiveValuesAreLeftOutOfLogAxes() {
        LineChart chart = LineChart.builder()
                .logX(true)
                .logY(true)
                .series("with zeros", List.of(new LineChart.Point(0, 5), new LineChart.Point(10, -1)))
                .series("fine", List.of(new LineChart.Point(10, 5), new LineChart.Point(100, 50)))
                .horizontalLine(0, "never placed")
                .build();

        assertThat(colours(chart.render(400, 300))).contains(rgb(LineChart.PALETTE.get(1)));
    }

    @Test
    void emptySeriesAndSinglePointsDrawWithoutData() {
        BufferedImage empty = LineChart.builder().title("nothing yet").build().render(300, 200);
        BufferedImage emptySeries =
                LineChart.builder().logY(true).series("none", List.of()).build().render(300, 200);
        BufferedImage single = LineChart.builder()
                .logX(true)
                .series("one", List.of(new LineChart.Point(5000, 3)))
                .build()
                .render(300, 200);

        assertThat(colours(empty)).hasSizeGreaterThan(2);
        assertThat(colours(emptySeries)).hasSizeGreaterThan(2);
        assertThat(colours(single)).contains(rgb(LineChart.PALETTE.get(0)));
    }

    @Test
    void refusesSizesWithoutRoomForLabels() {
        LineChart chart = LineChart.builder().build();

        assertThatThrownBy(() -> chart.render(100, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("widthPx : 100 (expected: 240..10000)");
    }

    @Test
    void refusesPointsThatCannotBeDrawn() {
        assertThatThrownBy(() -> new LineChart.Point(1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("point : (1.0, NaN) (expected: finite coordinates)");
        assertThatThrownBy(() -> LineChart.builder().series(" ", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("series name");
    }

    @Test
    void seriesWithoutColourTakeThePaletteInTurn() {
        LineChart chart = LineChart.builder()
                .series("a", List.of())
                .series("b", List.of())
                .build();

        assertThat(chart.series())
                .extracting(LineChart.Series::color)
                .containsExactly(LineChart.PALETTE.get(0), LineChart.PALETTE.get(1));
    }

    private static Set<Integer> colours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours;
    }

    private static int rgb(Color colour) {
        return colour.getRGB() & 0xFFFFFF;
    }
}
