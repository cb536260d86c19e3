//! `?`: every key of the current screen, over it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::{ACCENT, BOLD};
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::strings::S;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let keys = keymap::all_keys(app);
    let height = (keys.len() as u16 + 6).min(area.height);
    let width = 60.min(area.width);
    let area = Rect::new(area.x + (area.width - width) / 2, area.y, width, height);
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} (Esc) ", S::Help.get(lang)), BOLD));
    let mut lines: Vec<Line> = keys
        .iter()
        .filter(|(key, _)| !key.is_empty())
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!("{key:>10}  "), ACCENT.patch(BOLD)),
                Span::raw(what.get(lang)),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw(S::HelpAlways.get(lang)));
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}
