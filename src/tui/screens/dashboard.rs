//! The session dashboard: establishments ranked by one survey, averages per
//! dimension and how many at each level. Only the visible rows are built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Widget};

use super::sessions::pad;
use super::{ACCENT, BOLD, DIM, GOOD, fit, rows};
use crate::tui::app::App;
use crate::tui::strings::S;

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
    let [levels, header, table, average] = rows(inner, [2, 1, 0, 1]);
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
    let name_width = inner.width.saturating_sub(5 + COL * (dims + 1)).max(8);
    let mut titles = vec![
        S::ColName.get(lang).to_owned(),
        S::ColIndex.get(lang).to_owned(),
    ];
    titles.extend(survey.dimensions.iter().map(|d| d.id.clone()));
    let mut x = header.x + 5;
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
    let visible = board
        .rows()
        .skip(board.offset)
        .take(usize::from(table.height));
    for (row, r) in visible.enumerate() {
        let y = table.y + row as u16;
        let rank = r.rank.map(|n| n.to_string()).unwrap_or_default();
        let mut line = format!(
            "{rank:>4} {}",
            pad(
                &fit(&r.establishment.name, usize::from(name_width) - 1),
                name_width
            )
        );
        line.push_str(&score(r.scored.card.index));
        for d in 0..survey.dimensions.len() {
            line.push_str(&score(r.dimension(columns, d)));
        }
        let style = if r.state.counts() {
            Default::default()
        } else {
            DIM
        };
        buf.set_stringn(table.x, y, line, usize::from(table.width), style);
    }
    let mut line = format!(
        "     {}",
        pad(
            &fit(S::Average.get(lang), usize::from(name_width) - 1),
            name_width
        )
    );
    line.push_str(&score(totals.index_average));
    for a in &totals.averages {
        line.push_str(&score(*a));
    }
    buf.set_stringn(
        average.x,
        average.y,
        line,
        usize::from(average.width),
        GOOD.patch(BOLD),
    );
    None
}

fn score(s: Option<f64>) -> String {
    match s {
        Some(s) => format!("{s:>6.1} "),
        None => format!("{:>6} ", "–"),
    }
}
