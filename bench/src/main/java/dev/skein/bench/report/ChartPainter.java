package dev.skein.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Draws one {@link LineChart} at one size: layout, axes, legend, lines, markers. Used once, by one thread. */
final class ChartPainter {
    private static final Color GRID_MAJOR = new Color(0xD9D9D9);
    private static final Color GRID_MINOR = new Color(0xF0F0F0);
    private static final Color INK = new Color(0x222222);
    private static final Color FRAME = new Color(0x888888);
    private static final Color REFERENCE = new Color(0x555555);
    private static final int TICK_PX = 5;
    private static final int LABEL_GAP_PX = 6;

    private final LineChart chart;
    private final int widthPx;
    private final int heightPx;
    private final Axis xAxis;
    private final Axis yAxis;
    private final Font font;
    private final Font titleFont;
    private final int padPx;
    private final Legend legend;
    private Graphics2D g;
    private Rectangle plot;

    ChartPainter(LineChart chart, int widthPx, int heightPx) {
        ensureHeadless();
        this.chart = chart;
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        this.xAxis = fitX(chart);
        this.yAxis = fitY(chart);
        int size = Math.max(10, Math.min(40, Math.round(Math.min(widthPx, heightPx * 1.6f) / 70)));
        this.font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
        this.titleFont = new Font(Font.SANS_SERIF, Font.BOLD, size + 4);
        this.padPx = size;
        this.legend = new Legend(chart.series(), font, size);
    }

    /** Sets {@code java.awt.headless=true} unless it is set: charts need no display. */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    BufferedImage paint() {
        BufferedImage image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, widthPx, heightPx);
            plot = layout();
            drawGrid();
            drawAxes();
            drawTitleAndLegend();
            drawHorizontalLines();
            drawSeries();
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Axis fitX(LineChart chart) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (LineChart.Point p : placeable(chart)) {
            low = Math.min(low, p.x());
            high = Math.max(high, p.x());
        }
        return Axis.covering(low, high, chart.logX());
    }

    private static Axis fitY(LineChart chart) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (LineChart.Point p : placeable(chart)) {
            low = Math.min(low, p.y());
            high = Math.max(high, p.y());
        }
        for (LineChart.HorizontalLine line : chart.horizontalLines()) {
            if (!chart.logY() || line.y() > 0) {
                low = Math.min(low, line.y());
                high = Math.max(high, line.y());
            }
        }
        return Axis.covering(low, high, chart.logY());
    }

    /** The points of every series that the chart's axes can place. */
    private static List<LineChart.Point> placeable(LineChart chart) {
        List<LineChart.Point> points = new ArrayList<>();
        for (LineChart.Series series : chart.series()) {
            points.addAll(placeable(chart, series));
        }
        return points;
    }

    private static List<LineChart.Point> placeable(LineChart chart, LineChart.Series series) {
        return series.points().stream()
                .filter(p -> (!chart.logX() || p.x() > 0) && (!chart.logY() || p.y() > 0))
                .toList();
    }

    /** The plot area: the image less the room for title, legend, tick labels and axis names. */
    private Rectangle layout() {
        FontMetrics metrics = g.getFontMetrics(font);
        int lineHeight = metrics.getHeight();
        int top = padPx + legend.heightPx(g, widthPx - 2 * padPx) + padPx / 2;
        if (!chart.title().isEmpty()) {
            top += g.getFontMetrics(titleFont).getHeight() + padPx / 2;
        }
        int yLabelsWidth = 0;
        for (Axis.Tick tick : yAxis.ticks()) {
            yLabelsWidth = Math.max(yLabelsWidth, metrics.stringWidth(NumberLabels.format(tick.value())));
        }
        int left = padPx + yLabelsWidth + TICK_PX + LABEL_GAP_PX;
        if (!chart.yLabel().isEmpty()) {
            left += lineHeight + padPx / 2;
        }
        int bottom = TICK_PX + LABEL_GAP_PX + lineHeight + padPx;
        if (!chart.xLabel().isEmpty()) {
            bottom += lineHeight + padPx / 2;
        }
        int right = Math.max(padPx, metrics.stringWidth(NumberLabels.format(xAxis.max())) / 2 + LABEL_GAP_PX);
        return new Rectangle(left, top, Math.max(1, widthPx - left - right), Math.max(1, heightPx - top - bottom));
    }

    private double px(double x) {
        return plot.x + xAxis.fraction(x) * plot.width;
    }

    private double py(double y) {
        return plot.y + plot.height - yAxis.fraction(y) * plot.height;
    }

    private void drawGrid() {
        g.setStroke(new BasicStroke(1f));
        for (Axis.Tick tick : xAxis.ticks()) {
            g.setColor(tick.rank() == Axis.Rank.MAJOR ? GRID_MAJOR : GRID_MINOR);
            g.draw(new Line2D.Double(px(tick.value()), plot.y, px(tick.value()), plot.getMaxY()));
        }
        for (Axis.Tick tick : yAxis.ticks()) {
            g.setColor(tick.rank() == Axis.Rank.MAJOR ? GRID_MAJOR : GRID_MINOR);
            g.draw(new Line2D.Double(plot.x, py(tick.value()), plot.getMaxX(), py(tick.value())));
        }
        g.setColor(FRAME);
        g.draw(plot);
    }

    private void drawAxes() {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        TickLabels xLabels = new TickLabels(LABEL_GAP_PX);
        TickLabels yLabels = new TickLabels(LABEL_GAP_PX / 2);
        for (Axis.Rank rank : List.of(Axis.Rank.MAJOR, Axis.Rank.SECONDARY)) {
            for (double value : xAxis.values(rank)) {
                String text = NumberLabels.format(value);
                double x = px(value);
                double half = metrics.stringWidth(text) / 2.0;
                if (xLabels.claim(x - half, x + half)) {
                    tickMark(x, plot.getMaxY(), x, plot.getMaxY() + TICK_PX);
                    g.drawString(text, (float) (x - half), (float) (plot.getMaxY() + TICK_PX + metrics.getAscent()));
                }
            }
            for (double value : yAxis.values(rank)) {
                String text = NumberLabels.format(value);
                double y = py(value);
                if (yLabels.claim(y - metrics.getAscent() / 2.0, y + metrics.getAscent() / 2.0)) {
                    tickMark(plot.x - TICK_PX, y, plot.x, y);
                    float x = plot.x - TICK_PX - LABEL_GAP_PX / 2f - metrics.stringWidth(text);
                    g.drawString(text, x, (float) (y + metrics.getAscent() / 2.0 - 1));
                }
            }
        }
        drawAxisNames(metrics);
    }

    private void tickMark(double x1, double y1, double x2, double y2) {
        g.setColor(FRAME);
        g.draw(new Line2D.Double(x1, y1, x2, y2));
        g.setColor(INK);
    }

    private void drawAxisNames(FontMetrics metrics) {
        g.setColor(INK);
        String x = chart.xLabel();
        float xBaseline = heightPx - padPx - metrics.getDescent();
        g.drawString(x, (float) (plot.getCenterX() - metrics.stringWidth(x) / 2.0), xBaseline);
        String y = chart.yLabel();
        AffineTransform saved = g.getTransform();
        g.translate(padPx + metrics.getAscent(), plot.getCenterY() + metrics.stringWidth(y) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(y, 0, 0);
        g.setTransform(saved);
    }

    private void drawTitleAndLegend() {
        int y = padPx;
        if (!chart.title().isEmpty()) {
            g.setFont(titleFont);
            FontMetrics metrics = g.getFontMetrics();
            g.setColor(INK);
            float x = (widthPx - metrics.stringWidth(chart.title())) / 2f;
            g.drawString(chart.title(), x, y + metrics.getAscent());
            y += metrics.getHeight() + padPx / 2;
        }
        legend.draw(g, padPx, y, widthPx - 2 * padPx);
    }

    private void drawHorizontalLines() {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        float dash = Math.max(4f, padPx / 2f);
        g.setStroke(new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {dash, dash / 2}, 0f));
        for (LineChart.HorizontalLine line : chart.horizontalLines()) {
            if (!yAxis.accepts(line.y())) {
                continue;
            }
            double y = py(line.y());
            g.setColor(REFERENCE);
            g.draw(new Line2D.Double(plot.x, y, plot.getMaxX(), y));
            float x = (float) (plot.getMaxX() - LABEL_GAP_PX - metrics.stringWidth(line.label()));
            // above the line, unless that would leave the plot
            boolean above = y - metrics.getHeight() >= plot.y;
            double baseline = above ? y - metrics.getDescent() - 2 : y + metrics.getAscent() + 2;
            g.drawString(line.label(), x, (float) baseline);
        }
    }

    private void drawSeries() {
        double radius = Math.max(3, padPx * 0.3);
        Shape savedClip = g.getClip();
        Rectangle clip = new Rectangle(plot);
        clip.grow((int) Math.ceil(radius) + 1, (int) Math.ceil(radius) + 1);
        g.setClip(clip);
        List<LineChart.Series> all = chart.series();
        for (int i = 0; i < all.size(); i++) {
            List<LineChart.Point> points = placeable(chart, all.get(i));
            g.setColor(all.get(i).color());
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            for (int p = 0; p < points.size(); p++) {
                double x = px(points.get(p).x());
                double y = py(points.get(p).y());
                if (p == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, y);
                }
            }
            g.draw(path);
            for (LineChart.Point point : points) {
                Markers.draw(g, i, px(point.x()), py(point.y()), radius);
            }
        }
        g.setClip(savedClip);
    }

    /** The spans along an axis already taken by labels, so that later ones do not overlap them. */
    private static final class TickLabels {
        private final double gapPx;
        private final List<double[]> taken = new ArrayList<>();

        TickLabels(double gapPx) {
            this.gapPx = gapPx;
        }

        /** Takes {@code from..to} and returns true, or returns false if it would touch a span taken before. */
        boolean claim(double from, double to) {
            for (double[] span : taken) {
                if (from < span[1] + gapPx && to > span[0] - gapPx) {
                    return false;
                }
            }
            taken.add(new double[] {from, to});
            return true;
        }
    }
}
