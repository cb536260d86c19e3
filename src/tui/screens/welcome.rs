//! The first screen on an empty database: what the program is for, how to start.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{ACCENT, BOLD};
use crate::tui::app::App;
use crate::tui::strings::S;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let lang = app.lang;
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {} ", S::WelcomeTitle.get(lang)),
        BOLD,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = vec![
        Line::raw(S::WelcomeBody.get(lang)),
        Line::raw(""),
        Line::from(vec![
            Span::styled("  n  ", ACCENT.patch(BOLD)),
            Span::raw(S::WelcomeStart.get(lang)),
        ]),
        Line::from(vec![
            Span::styled("  d  ", ACCENT.patch(BOLD)),
            Span::raw(S::WelcomeDemo.get(lang)),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
    None
}
