//! Dimension scores as an inline SVG bar chart: one bar per dimension on a
//! 0–100 scale, with the previous visit's score as a tick where there is one.

use std::fmt::Write;

use super::{esc, wrap};
use crate::export::strings::Lang;
use crate::survey::display::score_text;

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
const PLOT: f64 = 330.0;
/// Height of one line of label text, and the bar's height.
const LINE: f64 = 12.0;
const BAR: f64 = 11.0;
const GAP: f64 = 5.0;
const TOP: f64 = 16.0;
/// Display columns of label text that fit in `LABEL` pixels at 10px.
const LABEL_COLUMNS: usize = 44;

/// The chart as an `<svg>` element; `title` is read out by screen readers. Labels wrap onto
/// as many lines as they need (never cut); a score is written past both its bar and the
/// previous visit's tick, so the tick never covers it.
pub fn bar_chart(title: &str, bars: &[Bar], lang: Lang) -> String {
    let labels: Vec<Vec<String>> = bars.iter().map(|b| wrap(&b.label, LABEL_COLUMNS)).collect();
    let rows: Vec<f64> = labels
        .iter()
        .map(|l| (LINE * l.len() as f64).max(BAR) + GAP)
        .collect();
    let height = TOP + rows.iter().sum::<f64>() + 4.0;
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
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#bbb\" stroke-width=\"0.6\"/><text x=\"{x}\" y=\"10\" font-size=\"9\" text-anchor=\"middle\" fill=\"#444\">{tick}</text>",
            TOP - 3.0,
            height - 2.0
        );
    }
    let mut y = TOP;
    for ((bar, lines), row) in bars.iter().zip(&labels).zip(&rows) {
        let block = row - GAP;
        let first = y + (block - LINE * lines.len() as f64) / 2.0 + 9.5;
        let _ = write!(
            svg,
            "<text class=\"label\" font-size=\"10\" text-anchor=\"end\">"
        );
        for (n, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                "<tspan x=\"{}\" y=\"{:.1}\">{}</tspan>",
                LABEL - 6.0,
                first + LINE * n as f64,
                esc(line)
            );
        }
        svg.push_str("</text>");
        let bar_y = y + (block - BAR) / 2.0;
        let value = bar.value.unwrap_or(0.0).clamp(0.0, 100.0);
        let fill = if bar.low_confidence {
            "#9aa9b8"
        } else {
            "#3b6e9e"
        };
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{LABEL}\" y=\"{bar_y:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"{fill}\"/>",
            PLOT * value / 100.0
        );
        let mut end = LABEL + PLOT * value / 100.0;
        if let Some(prev) = bar.previous {
            let x = LABEL + PLOT * prev.clamp(0.0, 100.0) / 100.0;
            let _ = write!(
                svg,
                "<line class=\"previous\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"2\"/>",
                bar_y - 2.0,
                bar_y + BAR + 2.0
            );
            end = end.max(x + 1.0);
        }
        let shown = match bar.value {
            Some(_) if bar.low_confidence => format!("{}?", score_text(bar.value, lang)),
            Some(_) => score_text(bar.value, lang),
            None => "–".into(),
        };
        let _ = write!(
            svg,
            "<text class=\"value\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            end + 4.0,
            bar_y + 9.0,
            esc(&shown)
        );
        y += row;
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
        let svg = bar_chart("Điểm <A>", &bars, Lang::Vi);
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert_eq!(svg.matches("class=\"previous\"").count(), 1);
        assert!(svg.contains("Nhận thức &amp; cam kết"));
        assert!(svg.contains(">50,0<"), "Vietnamese decimal comma");
        assert!(svg.contains("Điểm &lt;A&gt;"));
        assert!(svg.contains(&format!("width=\"{:.1}\"", PLOT / 2.0)));
    }

    #[test]
    fn long_labels_wrap_and_the_previous_tick_stays_clear_of_the_value() {
        let bars = [Bar {
            label: "ATTT. An toàn thông tin và phòng chống lừa đảo trực tuyến trên mạng xã hội"
                .into(),
            value: Some(40.0),
            previous: Some(60.0),
            low_confidence: false,
        }];
        let svg = bar_chart("t", &bars, Lang::En);
        assert!(svg.matches("<tspan").count() >= 2, "{svg}");
        assert!(svg.contains("xã hội"), "nothing cut");
        let tick = LABEL + PLOT * 0.6;
        let at = svg.find("class=\"value\" x=\"").unwrap() + 17;
        let x: f64 = svg[at..].split('"').next().unwrap().parse().unwrap();
        assert!(
            x > tick + 2.0,
            "the value at {x} starts past the tick at {tick}"
        );
    }
}
