//! Dimension scores as an inline SVG bar chart: one bar per dimension on a
//! 0–100 scale, with the previous visit's score as a tick where there is one.

use std::fmt::Write;

use super::{esc, fit};
use crate::survey::display::score_plain;

/// One bar: a dimension and its score (none when nothing in it was answered).
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub low_confidence: bool,
}

const WIDTH: f64 = 660.0;
const LABEL: f64 = 250.0;
const PLOT: f64 = 340.0;
const ROW: f64 = 22.0;
const TOP: f64 = 18.0;
/// Display columns of label text that fit in `LABEL` pixels at 11px.
const LABEL_COLUMNS: usize = 40;

/// The chart as an `<svg>` element; `title` is read out by screen readers.
pub fn bar_chart(title: &str, bars: &[Bar]) -> String {
    let height = TOP + ROW * bars.len() as f64 + 6.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" aria-label=\"{}\"><title>{}</title>",
        esc(title),
        esc(title)
    );
    for tick in [0, 25, 50, 75, 100] {
        let x = LABEL + PLOT * f64::from(tick) / 100.0;
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#bbb\" stroke-width=\"0.6\"/><text x=\"{x}\" y=\"11\" font-size=\"9\" text-anchor=\"middle\" fill=\"#444\">{tick}</text>",
            TOP - 3.0,
            height - 4.0
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            LABEL - 6.0,
            y + 14.0,
            esc(&fit(&bar.label, LABEL_COLUMNS))
        );
        let value = bar.value.unwrap_or(0.0).clamp(0.0, 100.0);
        let fill = if bar.low_confidence {
            "#9aa9b8"
        } else {
            "#3b6e9e"
        };
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{LABEL}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"{fill}\"/>",
            y + 3.0,
            PLOT * value / 100.0,
            ROW - 8.0
        );
        if let Some(prev) = bar.previous {
            let x = LABEL + PLOT * prev.clamp(0.0, 100.0) / 100.0;
            let _ = write!(
                svg,
                "<line class=\"previous\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#000\" stroke-width=\"2\"/>",
                y + 1.0,
                y + ROW - 3.0
            );
        }
        let shown = match bar.value {
            Some(_) if bar.low_confidence => format!("{}?", score_plain(bar.value)),
            Some(_) => score_plain(bar.value),
            None => "–".into(),
        };
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\">{}</text>",
            LABEL + PLOT * value / 100.0 + 4.0,
            y + 14.0,
            esc(&shown)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_dimension_with_its_score() {
        let bars = [
            Bar {
                label: "Nhận thức & cam kết".into(),
                value: Some(50.0),
                previous: Some(30.0),
                low_confidence: false,
            },
            Bar {
                label: "Quản lý nội vi".into(),
                value: None,
                previous: None,
                low_confidence: false,
            },
        ];
        let svg = bar_chart("Điểm <A>", &bars);
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert_eq!(svg.matches("class=\"previous\"").count(), 1);
        assert!(svg.contains("Nhận thức &amp; cam kết"));
        assert!(svg.contains(">50.0<"));
        assert!(svg.contains("Điểm &lt;A&gt;"));
        assert!(svg.contains(&format!("width=\"{:.1}\"", PLOT / 2.0)));
    }
}
