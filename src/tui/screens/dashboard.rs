//! The session dashboard: establishments ranked by one survey, averages per
//! dimension and how many at each level. Only the visible rows are built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Widget};

use super::sessions::pad;
use super::{ACCENT, BOLD, DIM, GOOD, SELECTED, fit, rows};
use crate::survey::display::score_text;
use crate::tui::app::App;
use crate::tui::strings::{Lang, S};

/// Width of a score column.
const COL: u16 = 7;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let board = app.dashboard.as_ref()?;
    let lang = app.lang;
    let l = lang.code();
    let columns = &board.board.columns;
    let survey = &columns.survey;
    let totals = &board.board.totals;
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(
            " {} · {} ",
            S::DashboardTitle.get(lang),
            survey.title.get(l)
        ),
        BOLD,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let [levels, header, table, average, legend] = rows(inner, [2, 1, 0, 1, 1]);
    let counts: Vec<String> = survey
        .levels
        .iter()
        .zip(&totals.level_counts)
        .map(|(lv, n)| format!("{} {n}", lv.label.get(l)))
        .collect();
    let mut text = format!("{}: {}", S::LevelCounts.get(lang), counts.join(" · "));
    if totals.drafts > 0 {
        text.push_str(&format!(
            " ({} {})",
            totals.drafts,
            S::DraftsLeftOut.get(lang)
        ));
    }
    super::para(&text, DIM, levels, buf);
    let dims = survey.dimensions.len() as u16;
    let name_width = inner.width.saturating_sub(6 + COL * (dims + 1)).max(8);
    let mut titles = vec![
        S::ColName.get(lang).to_owned(),
        S::ColIndex.get(lang).to_owned(),
    ];
    titles.extend(survey.dimensions.iter().map(|d| d.id.clone()));
    let mut x = header.x + 6;
    for (c, title) in titles.iter().enumerate() {
        let width = if c == 0 { name_width } else { COL };
        let arrow = match (c == board.sort, board.descending) {
            (true, true) => "▼",
            (true, false) => "▲",
            _ => "",
        };
        let style = if c == board.sort {
            ACCENT.patch(BOLD)
        } else {
            BOLD
        };
        let text = format!("{}{arrow}", fit(title, usize::from(width) - 1));
        if x < header.right() {
            let room = usize::from(header.right() - x);
            buf.set_stringn(x, header.y, text, room.min(usize::from(width)), style);
        }
        x += width;
    }
    let height = usize::from(table.height);
    let first = board.selected.saturating_sub(height.saturating_sub(1));
    let ranked = board.ranked();
    for (row, (at, r)) in board
        .rows()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let y = table.y + row as u16;
        // Ranks only where the order is the ranking; a draft is marked in any order.
        let rank = match (r.state.counts(), r.rank) {
            (false, _) => S::Draft.get(lang).to_owned(),
            (true, Some(n)) if ranked => n.to_string(),
            _ => String::new(),
        };
        let mut line = format!(
            "{} {}",
            fit_left(&rank, 5),
            pad(
                &fit(&r.establishment.name, usize::from(name_width) - 1),
                name_width
            )
        );
        line.push_str(&score(r.scored.card.index, lang));
        for d in 0..survey.dimensions.len() {
            line.push_str(&score(r.dimension(columns, d), lang));
        }
        let mut style = if r.state.counts() {
            Default::default()
        } else {
            DIM
        };
        if at == board.selected {
            style = style.patch(SELECTED);
        }
        buf.set_stringn(table.x, y, line, usize::from(table.width), style);
    }
    let mut line = format!(
        "      {}",
        pad(
            &fit(S::Average.get(lang), usize::from(name_width) - 1),
            name_width
        )
    );
    line.push_str(&score(totals.index_average, lang));
    for a in &totals.averages {
        line.push_str(&score(*a, lang));
    }
    buf.set_stringn(
        average.x,
        average.y,
        line,
        usize::from(average.width),
        GOOD.patch(BOLD),
    );
    let names: Vec<String> = survey
        .dimensions
        .iter()
        .map(|d| format!("{} {}", d.id, d.title.get(l)))
        .collect();
    let text = fit(&names.join(" · "), usize::from(legend.width));
    buf.set_stringn(legend.x, legend.y, text, usize::from(legend.width), DIM);
    None
}

/// Right-aligned in `width` columns (a rank, or the draft mark cut to fit).
fn fit_left(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let used = unicode_width::UnicodeWidthStr::width(text.as_str());
    format!("{}{text}", " ".repeat(width.saturating_sub(used)))
}

fn score(s: Option<f64>, lang: Lang) -> String {
    match s {
        Some(_) => format!("{:>6} ", score_text(s, lang)),
        None => format!("{:>6} ", "–"),
    }
}
