//! The workshops: date, place, establishments, complete responses; and the
//! form for a new one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Widget};

use super::{BOLD, DIM, SELECTED, field, fit};
use crate::tui::app::App;
use crate::tui::form::{Form, FormKind};
use crate::tui::strings::{Lang, S};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let lang = app.lang;
    if let Some(form) = &app.session_form {
        return render_form(form, lang, area, buf);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", S::Sessions.get(lang)), BOLD));
    let inner = block.inner(area);
    block.render(area, buf);
    if app.sessions.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y,
            S::NoSessions.get(lang),
            usize::from(inner.width),
            DIM,
        );
        return None;
    }
    let numbers = 22u16;
    let name_width = inner.width.saturating_sub(numbers + 12);
    let place_width = name_width / 2;
    let name_width = name_width - place_width;
    let header = format!(
        "{:<11}{:<nw$}{:<pw$}{:>10}{:>11}",
        S::ColDate.get(lang),
        fit(S::ColName.get(lang), usize::from(name_width)),
        fit(S::ColPlace.get(lang), usize::from(place_width)),
        S::ColEstablishments.get(lang),
        S::ColComplete.get(lang),
        nw = usize::from(name_width),
        pw = usize::from(place_width),
    );
    buf.set_stringn(inner.x, inner.y, header, usize::from(inner.width), DIM);
    let list = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let height = usize::from(list.height);
    let first = app.selected.saturating_sub(height.saturating_sub(1));
    for (row, (i, s)) in app
        .sessions
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let place = [s.session.commune.as_str(), s.session.province.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let name = pad(&fit(&s.session.name, usize::from(name_width)), name_width);
        let place = pad(&fit(&place, usize::from(place_width)), place_width);
        let (establishments, complete) = match &s.summary {
            Some(c) => (
                c.establishments.to_string(),
                c.surveys
                    .iter()
                    .map(|s| s.complete)
                    .sum::<usize>()
                    .to_string(),
            ),
            None => ("…".into(), "…".into()),
        };
        let date = pad(&crate::survey::display::date_text(s.session.date, lang), 11);
        let line = format!("{date}{name}{place}{establishments:>10}{complete:>11}");
        let style = if i == app.selected {
            SELECTED
        } else {
            Default::default()
        };
        buf.set_stringn(
            list.x,
            list.y + row as u16,
            line,
            usize::from(list.width),
            style,
        );
    }
    None
}

/// Pads to `width` display columns (format! pads by chars, not columns).
pub fn pad(text: &str, width: u16) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!(
        "{text}{}",
        " ".repeat(usize::from(width).saturating_sub(used))
    )
}

/// A form in a box: one field a row (scrolled to keep the focused one in view), the error
/// under them.
pub fn render_form(form: &Form, lang: Lang, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let error_rows = if form.error.is_some() { 3 } else { 1 };
    let height = (form.fields.len() as u16 + 2 + error_rows).min(area.height);
    let area = Rect::new(area.x, area.y, area.width, height);
    ratatui::widgets::Clear.render(area, buf);
    let title = match form.kind {
        FormKind::Session => S::NewSession,
        FormKind::Establishment => S::NewEstablishment,
        FormKind::EditSession(_) => S::EditSession,
        FormKind::EditEstablishment(_) => S::EditEstablishment,
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", title.get(lang)), BOLD));
    let inner = block.inner(area);
    block.render(area, buf);
    let room = usize::from(inner.height.saturating_sub(error_rows)).max(1);
    let first = form.focus.saturating_sub(room - 1);
    // One column for every label, as wide as the longest needs while the values keep room.
    let longest = form
        .fields
        .iter()
        .map(|f| unicode_width::UnicodeWidthStr::width(f.label.get(lang)) as u16 + 1)
        .max()
        .unwrap_or(0);
    let label_width = longest.max(18).min(inner.width * 2 / 5);
    let mut cursor = None;
    for (row, (i, f)) in form
        .fields
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .enumerate()
    {
        let row = Rect::new(inner.x, inner.y + row as u16, inner.width, 1);
        let focused = i == form.focus;
        // A long profile title is cut with "…", so the values stay in one column.
        // Padded so that the field adds the one space that ends the column.
        let label = pad(
            &fit(
                f.label.get(lang),
                usize::from(label_width.saturating_sub(2)),
            ),
            label_width.saturating_sub(1),
        );
        match f.choice {
            Some(choice) => {
                let kind = crate::store::EstablishmentKind::ALL
                    .get(choice)
                    .map_or(S::NotKnown.get(lang), |k| k.label(lang));
                let text = format!("◂ {kind} ▸");
                let style = if focused {
                    super::ACCENT
                } else {
                    Default::default()
                };
                buf.set_stringn(row.x, row.y, label, usize::from(label_width), style);
                buf.set_stringn(
                    row.x + label_width,
                    row.y,
                    text,
                    usize::from(row.width.saturating_sub(label_width)),
                    style,
                );
            }
            None => {
                if let Some(p) = field(&label, &f.input, focused, row, buf) {
                    cursor = Some(p);
                }
            }
        }
    }
    let shown = form.fields.len().min(room) as u16;
    if form.fields.len() > room {
        let more = format!("{}/{}", form.focus + 1, form.fields.len());
        let x = area.right().saturating_sub(more.len() as u16 + 2);
        buf.set_string(x, area.bottom().saturating_sub(1), more, DIM);
    }
    if let Some(notice) = &form.error {
        let y = inner.y + shown + 1;
        if y < inner.bottom() {
            let rect = Rect::new(inner.x, y, inner.width, inner.bottom() - y);
            super::notice_para(notice, lang, rect, buf);
        }
    }
    cursor
}
