package dev.skein.bench.report;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The point markers that tell series apart without colour: circle, square, triangle, diamond, inverted
 * triangle, cross, then again. Stateless.
 */
final class Markers {
    static final int SHAPES = 6;

    private Markers() {}

    /** Draws the marker of series {@code seriesIndex} centred on {@code (x, y)}, in the current colour. */
    static void draw(Graphics2D g, int seriesIndex, double x, double y, double radius) {
        int shape = seriesIndex % SHAPES;
        if (shape == SHAPES - 1) {
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(x - radius, y - radius, x + radius, y + radius));
            g.draw(new Line2D.Double(x - radius, y + radius, x + radius, y - radius));
            return;
        }
        g.fill(filled(shape, x, y, radius));
    }

    private static Shape filled(int shape, double x, double y, double r) {
        // a square looks bigger than a circle of the same width, so it is drawn a little narrower
        double half = r * 0.85;
        return switch (shape) {
            case 0 -> new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(x - half, y - half, 2 * half, 2 * half);
            case 2 -> polygon(x, y - r * 1.15, x + r * 1.15, y + r * 0.85, x - r * 1.15, y + r * 0.85);
            case 3 -> polygon(x, y - r * 1.3, x + r * 1.1, y, x, y + r * 1.3, x - r * 1.1, y);
            default -> polygon(x, y + r * 1.15, x + r * 1.15, y - r * 0.85, x - r * 1.15, y - r * 0.85);
        };
    }

    private static Path2D polygon(double... xy) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }
}
