package dev.skein.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The legend of a chart: for each series a short line with its marker, then its name, laid out in centred
 * rows that wrap at the given width. Not thread-safe.
 */
final class Legend {
    private static final Color TEXT = new Color(0x222222);

    private final List<LineChart.Series> series;
    private final Font font;
    private final int samplePx;
    private final int gapPx;

    Legend(List<LineChart.Series> series, Font font, int fontSizePx) {
        this.series = List.copyOf(series);
        this.font = font;
        this.samplePx = fontSizePx * 2;
        this.gapPx = fontSizePx / 2;
    }

    /** The height the legend takes at {@code maxWidthPx}; 0 without series. */
    int heightPx(Graphics2D g, int maxWidthPx) {
        return rows(g.getFontMetrics(font), maxWidthPx).size()
                * g.getFontMetrics(font).getHeight();
    }

    /** Draws the legend with its top at {@code topPx}, centred in {@code leftPx..leftPx + maxWidthPx}. */
    void draw(Graphics2D g, int leftPx, int topPx, int maxWidthPx) {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int y = topPx;
        for (List<Integer> row : rows(metrics, maxWidthPx)) {
            double x = leftPx + (maxWidthPx - rowWidth(metrics, row)) / 2.0;
            double middle = y + metrics.getHeight() / 2.0;
            for (int index : row) {
                LineChart.Series item = series.get(index);
                g.setColor(item.color());
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(x, middle, x + samplePx, middle));
                Markers.draw(g, index, x + samplePx / 2.0, middle, Math.max(3, metrics.getAscent() * 0.3));
                g.setColor(TEXT);
                g.drawString(item.name(), (float) (x + samplePx + gapPx), y + metrics.getAscent());
                x += itemWidth(metrics, index) + 2 * gapPx;
            }
            y += metrics.getHeight();
        }
    }

    /** The series' indexes, row by row, each row as many as fit. */
    private List<List<Integer>> rows(FontMetrics metrics, int maxWidthPx) {
        List<List<Integer>> rows = new ArrayList<>();
        List<Integer> row = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            List<Integer> wider = new ArrayList<>(row);
            wider.add(i);
            if (!row.isEmpty() && rowWidth(metrics, wider) > maxWidthPx) {
                rows.add(row);
                row = new ArrayList<>(List.of(i));
            } else {
                row = wider;
            }
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private int rowWidth(FontMetrics metrics, List<Integer> row) {
        int width = 2 * gapPx * Math.max(0, row.size() - 1);
        for (int index : row) {
            width += itemWidth(metrics, index);
        }
        return width;
    }

    private int itemWidth(FontMetrics metrics, int index) {
        return samplePx + gapPx + metrics.stringWidth(series.get(index).name());
    }
}
