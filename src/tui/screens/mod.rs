//! Rendering: each screen reads `App` and draws into a buffer; nothing here
//! changes state. Every screen returns where the terminal cursor belongs (the
//! focused text field), because input methods draw their composition there.

mod dashboard;
mod entry;
mod help;
mod result;
mod session;
mod sessions;
mod welcome;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Screen};
use super::entry::Notice;
use super::keymap;
use super::strings::{Detail, Lang, S, clean};
use super::widgets::text_field::TextField;

/// Below this the screens cannot be laid out; a notice asks for a bigger window.
pub const MIN_WIDTH: u16 = 64;
pub const MIN_HEIGHT: u16 = 18;

pub const ACCENT: Style = Style::new().fg(Color::Cyan);
pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const GOOD: Style = Style::new().fg(Color::Green);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);

/// Draws the whole app; returns the cursor position when a text field has focus.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        Paragraph::new(S::TooSmall.get(app.lang))
            .style(ERROR)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return None;
    }
    // The footer takes a third line when its keys need it, so that at 100 columns every
    // command of the screen is listed; below that the least needed go first.
    let hints = keymap::hints(app);
    let footer_height = footer_lines(&hints, app.lang, area.width).clamp(2, 3);
    let [header, body, status, footer] = rows(area, [1, 0, 1, footer_height]);
    render_header(app, header, buf);
    let cursor = match app.screen {
        Screen::Welcome if app.session_form.is_none() => welcome::render(app, body, buf),
        Screen::Welcome | Screen::Sessions => sessions::render(app, body, buf),
        Screen::Session => session::render(app, body, buf),
        Screen::Entry => entry::render(app, body, buf),
        Screen::Result => result::render(app, body, buf),
        Screen::Dashboard => dashboard::render(app, body, buf),
    };
    if let Some(notice) = &app.status {
        notice_line(notice, app.lang, status, buf);
    }
    render_footer(&hints, app.lang, footer, buf);
    if app.help {
        help::render(app, body, buf);
        return None;
    }
    cursor
}

/// Splits `area` into rows of the given heights; a 0 takes what is left.
pub fn rows<const N: usize>(area: Rect, heights: [u16; N]) -> [Rect; N] {
    let fixed: u16 = heights.iter().sum();
    let flexible = area.height.saturating_sub(fixed);
    let mut y = area.y;
    heights.map(|h| {
        let h = if h == 0 { flexible } else { h };
        let h = h.min(area.bottom().saturating_sub(y));
        let r = Rect::new(area.x, y, area.width, h);
        y += h;
        r
    })
}

fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::styled(S::AppTitle.get(app.lang), BOLD)];
    if let Some(view) = app
        .session
        .as_ref()
        .filter(|_| app.screen != Screen::Sessions)
    {
        let room =
            usize::from(area.width).saturating_sub(S::AppTitle.get(app.lang).width() + 3 + 4);
        spans.push(Span::raw(" › "));
        spans.push(Span::raw(fit(&view.session.name, room)));
    }
    let lang = match app.lang {
        Lang::Vi => "VI",
        Lang::En => "EN",
    };
    let title = Rect::new(area.x, area.y, area.width.saturating_sub(4), 1);
    Line::from(spans).style(ACCENT).render(title, buf);
    let x = area.right().saturating_sub(3);
    buf.set_string(x, area.y, lang, DIM);
}

/// The key bar: the hints in order, wrapped over the footer's lines. When they
/// do not all fit, hints before the last two (help and language) are dropped,
/// so `?` is always on screen.
pub fn render_footer(hints: &[keymap::Hint], lang: Lang, area: Rect, buf: &mut Buffer) {
    let mut shown = hints.to_vec();
    while shown.len() > 2 && footer_lines(&shown, lang, area.width) > area.height {
        shown.remove(shown.len() - 3);
    }
    let (mut x, mut y) = (area.x, area.y);
    for (i, (key, what)) in shown.iter().enumerate() {
        let width = hint_width(key, what.get(lang), i + 1 < shown.len());
        if x > area.x && x + width > area.right() {
            x = area.x;
            y += 1;
        }
        if y >= area.bottom() {
            break;
        }
        if !key.is_empty() {
            let bold = ACCENT.add_modifier(Modifier::BOLD);
            x = buf.set_stringn(x, y, *key, usize::MAX, bold).0 + 1;
        }
        let room = usize::from(area.right().saturating_sub(x));
        x = buf.set_stringn(x, y, what.get(lang), room, Style::new()).0;
        if i + 1 < shown.len() {
            x = buf.set_stringn(x, y, " · ", usize::MAX, DIM).0;
        }
    }
}

fn hint_width(key: &str, what: &str, separator: bool) -> u16 {
    let key = if key.is_empty() { 0 } else { key.width() + 1 };
    (key + what.width() + if separator { 3 } else { 0 }) as u16
}

fn footer_lines(hints: &[keymap::Hint], lang: Lang, width: u16) -> u16 {
    let (mut x, mut lines) = (0u16, 1u16);
    for (i, (key, what)) in hints.iter().enumerate() {
        let w = hint_width(key, what.get(lang), i + 1 < hints.len());
        if x > 0 && x + w > width {
            x = 0;
            lines += 1;
        }
        x += w;
    }
    lines
}

pub fn notice_line(notice: &Notice, lang: Lang, area: Rect, buf: &mut Buffer) {
    let (what, detail) = notice;
    let mut text = what.get(lang).to_owned();
    let good = matches!(what, S::Exported | S::Printed | S::Edited);
    match detail {
        // A path is what the trainer needs to find the file: never cut at its end.
        Some(Detail::Path(path)) => {
            text.push_str(": ");
            let room = usize::from(area.width).saturating_sub(text.width());
            text.push_str(&shorten_middle(&path.display().to_string(), room));
        }
        Some(d) => {
            text.push_str(": ");
            text.push_str(&clean(&d.text(lang)));
        }
        None => {}
    }
    let style = if good { GOOD } else { ERROR };
    Paragraph::new(text)
        .style(style)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// `text` in `width` columns: whole when it fits, else its start and its end (the file name
/// whole where there is room for it) around "…".
pub fn shorten_middle(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let text = clean(text);
    if text.width() <= width {
        return text.into_owned();
    }
    if width < 2 {
        return "…".repeat(width);
    }
    let name = text.rsplit(['/', '\\']).next().unwrap_or(&text).width() + 1;
    let mut tail_width = (width - 1) * 2 / 3;
    if name > tail_width && name + 4 <= width {
        tail_width = name;
    }
    let head_width = width - 1 - tail_width;
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let (mut head, mut used) = (String::new(), 0);
    for g in &graphemes {
        if used + g.width() > head_width {
            break;
        }
        used += g.width();
        head.push_str(g);
    }
    let (mut tail, mut used) = (Vec::new(), 0);
    for g in graphemes.iter().rev() {
        if used + g.width() > tail_width {
            break;
        }
        used += g.width();
        tail.push(*g);
    }
    tail.reverse();
    format!("{head}…{}", tail.concat())
}

/// A notice over several lines (a form's refusal with its detail).
pub fn notice_para(notice: &Notice, lang: Lang, area: Rect, buf: &mut Buffer) {
    let (what, detail) = notice;
    let mut text = what.get(lang).to_owned();
    if let Some(d) = detail {
        text.push_str(": ");
        text.push_str(&d.text(lang));
    }
    para(&text, ERROR, area, buf);
}

/// A labelled one-line field; the cursor position when it has focus.
pub fn field(
    label: &str,
    input: &TextField,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Position> {
    // A label takes its own width and a space (a form pads its labels to one column), and
    // never more than two fifths of the row.
    let label_width = (label.width() as u16 + 1).min(area.width * 2 / 5);
    let style = if focused { ACCENT } else { Style::new() };
    buf.set_stringn(area.x, area.y, label, usize::from(label_width), style);
    let x = area.x + label_width;
    let width = area.width.saturating_sub(label_width + 1);
    let view = input.view(width);
    let shown = clean(&input.text()[view.start..view.end]);
    let text_style = if focused {
        Style::new().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::new()
    };
    buf.set_stringn(x, area.y, &shown, usize::from(width), text_style);
    focused.then(|| Position::new(x + view.cursor_col, area.y))
}

/// A horizontal bar of `width` cells for a 0..=100 score.
pub fn bar(score: f64, width: u16) -> String {
    let full = ((score.clamp(0.0, 100.0) / 100.0) * f64::from(width)).round() as usize;
    let width = usize::from(width);
    format!(
        "{}{}",
        "█".repeat(full),
        "░".repeat(width.saturating_sub(full))
    )
}

/// A paragraph of stored or survey text, wrapped, control characters made visible.
pub fn para(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    Paragraph::new(clean(text).into_owned())
        .style(style)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// How many lines `text` takes when wrapped to `width` (close enough for layout).
pub fn wrapped_height(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let lines: usize = text.lines().map(|l| l.width().div_ceil(width).max(1)).sum();
    u16::try_from(lines.max(1)).unwrap_or(u16::MAX)
}

/// `text` cut to `width` columns with an ellipsis, never inside a character.
pub fn fit(text: &str, width: usize) -> String {
    let text = clean(text);
    if text.width() <= width {
        return text.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(text.as_ref(), true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_path_keeps_its_start_and_its_whole_file_name() {
        let path =
            "/home/lan/Tài liệu/sansang/Hội thảo Phú Lương/htx-che-tan-cuong-2026-11-26.html";
        assert_eq!(shorten_middle(path, 200), path);
        let short = shorten_middle(path, 50);
        assert_eq!(short.width(), 50, "{short}");
        assert!(short.starts_with("/home/"), "{short}");
        assert!(
            short.ends_with("/htx-che-tan-cuong-2026-11-26.html"),
            "{short}"
        );
        assert!(short.contains('…'));
        assert_eq!(shorten_middle(path, 1), "…");
    }
}
