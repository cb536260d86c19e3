//! One workshop: its establishments with each survey's status and score; the
//! filter, the form for a new establishment and the picker for an existing one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::sessions::{pad, render_form};
use super::{ACCENT, BOLD, DIM, GOOD, SELECTED, field, fit, rows};
use crate::fieldwork::state::State;
use crate::fieldwork::summaries::Standing;
use crate::survey::profile::ProfileField;
use crate::tui::app::{App, Confirm, Picker, SessionView, StateFilter};
use crate::tui::strings::{Lang, S};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let view = app.session.as_ref()?;
    let lang = app.lang;
    let [info, filter, list] = rows(area, [1, 1, 0]);
    render_info(app, view, info, buf);
    let mut cursor = None;
    if view.filtering || !view.filter.is_empty() {
        cursor = field(
            &format!("/ {}", S::Filter.get(lang)),
            &view.filter,
            view.filtering,
            filter,
            buf,
        );
    }
    render_list(app, view, list, buf);
    if let Some(form) = &view.form {
        return render_form(form, lang, list, buf);
    }
    if let Some(what) = view.confirm {
        render_confirm(app, view, what, list, buf);
        return None;
    }
    if let Some(picker) = &view.picker {
        return render_picker(picker, lang, list, buf);
    }
    cursor
}

fn render_info(app: &App, view: &SessionView, area: Rect, buf: &mut Buffer) {
    let s = &view.session;
    let place = [s.commune.as_str(), s.province.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let survey = app.surveys.get(app.survey);
    let mut spans = vec![
        Span::raw(format!(
            "{}  {}",
            crate::survey::display::date_text(s.date, app.lang),
            fit(&place, 30)
        )),
        Span::styled("   │ ", DIM),
        Span::raw(format!("{}: ", S::CurrentSurvey.get(app.lang))),
    ];
    if let Some(survey) = survey {
        spans.push(Span::styled(
            format!(
                "{} · {}",
                survey.id.to_uppercase(),
                survey.title.get(app.lang.code())
            ),
            ACCENT.patch(BOLD),
        ));
    }
    Line::from(spans).render(area, buf);
}

/// "SXSH 72.5 Khá", "DX nháp 40%", "DX chưa làm".
pub fn status_text(id: &str, standing: &Standing, lang: Lang) -> String {
    let id = id.to_uppercase();
    match (&standing.scored, standing.state) {
        (Some(scored), State::Complete) => {
            let card = &scored.card;
            let level = card.level.map_or("", |l| {
                scored.pinned.survey.levels[l].label.get(lang.code())
            });
            format!(
                "{id} {} {level}",
                crate::survey::display::score_text(card.index, lang)
            )
        }
        (_, State::Draft { answered }) => format!("{id} {} {answered}%", S::Draft.get(lang)),
        _ => format!("{id} {}", S::NotStarted.get(lang)),
    }
}

fn render_list(app: &App, view: &SessionView, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(list_title(app, view), BOLD));
    let inner = block.inner(area);
    block.render(area, buf);
    if view.lines.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y,
            S::NoEstablishments.get(lang),
            usize::from(inner.width),
            DIM,
        );
        return;
    }
    let height = usize::from(inner.height);
    let first = view.selected.saturating_sub(height.saturating_sub(1));
    let columns = shown_surveys(app, inner.width);
    let surveys = columns.len().max(1) as u16;
    let column = (inner.width.saturating_sub(36) / surveys).clamp(22, 36);
    let name_width = inner.width.saturating_sub(column * surveys + 1);
    for (row, (at, &i)) in view
        .shown
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let line = &view.lines[i];
        let y = inner.y + row as u16;
        let e = &line.establishment;
        let name = format!("{} · {}", e.name, e.profile.text(ProfileField::Kind, lang));
        let selected = at == view.selected;
        let base = if selected {
            SELECTED
        } else {
            Default::default()
        };
        buf.set_stringn(
            inner.x,
            y,
            pad(&fit(&name, usize::from(name_width)), name_width + 1),
            usize::from(inner.width),
            base,
        );
        let mut x = inner.x + name_width + 1;
        for &s in &columns {
            let status = &line.standings[s];
            let id = app.surveys.get(s).map_or("", |s| s.id.as_str());
            let text = pad(
                &fit(&status_text(id, status, lang), usize::from(column) - 1),
                column,
            );
            let mut style = if status.state == State::Complete {
                GOOD
            } else {
                DIM
            };
            if s == app.survey {
                style = style.patch(BOLD);
            }
            buf.set_stringn(
                x,
                y,
                text,
                usize::from(inner.right().saturating_sub(x)),
                style.patch(base),
            );
            x += column;
        }
    }
}

/// "Cơ sở (12) · SXSH 8/12 xong · DX 3/12 xong", and the state filter when one is on.
fn list_title(app: &App, view: &SessionView) -> String {
    let lang = app.lang;
    let total = view.lines.len();
    let shown = if view.shown.len() == total {
        total.to_string()
    } else {
        format!("{}/{total}", view.shown.len())
    };
    let mut parts = vec![format!("{} ({shown})", S::ColEstablishments.get(lang))];
    for (i, survey) in app.surveys.iter().enumerate() {
        let done = view
            .lines
            .iter()
            .filter(|l| {
                l.standings
                    .get(i)
                    .is_some_and(|s| s.state == State::Complete)
            })
            .count();
        parts.push(format!(
            "{} {done}/{total} {}",
            survey.id.to_uppercase(),
            S::Complete.get(lang)
        ));
    }
    let states = match view.states {
        StateFilter::All => None,
        StateFilter::NotStarted => Some(S::NotStarted),
        StateFilter::Drafts => Some(S::StatesDrafts),
        StateFilter::Done => Some(S::StatesDone),
    };
    if let Some(s) = states {
        parts.push(format!("[{}]", s.get(lang)));
    }
    format!(" {} ", parts.join(" · "))
}

/// The surveys with a column: all when they fit beside a name of at least 40 % of the width,
/// else the current one (`s` switches).
fn shown_surveys(app: &App, width: u16) -> Vec<usize> {
    let fit = usize::from(width.saturating_sub(width * 2 / 5) / 22);
    if app.surveys.len() <= fit {
        (0..app.surveys.len()).collect()
    } else {
        vec![app.survey]
    }
}

/// The question before a change that takes something out of the workshop's counts.
fn render_confirm(app: &App, view: &SessionView, what: Confirm, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let Some(line) = view.shown.get(view.selected).map(|&i| &view.lines[i]) else {
        return;
    };
    let survey = app.surveys.get(app.survey).map_or(String::new(), |s| {
        status_text(&s.id, &line.standings[app.survey], lang)
    });
    let (title, question) = match what {
        Confirm::Remove => (S::KeyRemove, S::ConfirmRemove),
        Confirm::Delete => (S::KeyDeleteResponse, S::ConfirmDelete),
        Confirm::Reset => (S::KeyResetResponse, S::ConfirmReset),
    };
    let mut subject = line.establishment.name.clone();
    if what != Confirm::Remove {
        subject.push_str(&format!(" · {survey}"));
    }
    let width = area.width.saturating_sub(4).max(20);
    let text = crate::tui::strings::clean(question.get(lang)).into_owned();
    let height = (super::wrapped_height(&text, width - 2) + 5).min(area.height);
    let rect = Rect::new(area.x + 2, area.y + 1, width.min(area.width), height);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(super::ERROR)
        .title(Span::styled(format!(" {} ", title.get(lang)), BOLD));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let [name, _, body] = rows(inner, [1, 1, 0]);
    buf.set_stringn(
        name.x,
        name.y,
        fit(&subject, usize::from(name.width)),
        usize::from(name.width),
        BOLD,
    );
    super::para(&text, ratatui::style::Style::new(), body, buf);
}

fn render_picker(picker: &Picker, lang: Lang, area: Rect, buf: &mut Buffer) -> Option<Position> {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", S::PickTitle.get(lang)), BOLD));
    let inner = block.inner(area);
    block.render(area, buf);
    let [query, list] = rows(inner, [2, 0]);
    let cursor = field(S::Search.get(lang), &picker.query, true, query, buf);
    if picker.results.is_empty() {
        buf.set_stringn(
            list.x,
            list.y,
            S::NoMatches.get(lang),
            usize::from(list.width),
            DIM,
        );
    }
    let height = usize::from(list.height);
    let first = picker.selected.saturating_sub(height.saturating_sub(1));
    for (row, (i, e)) in picker
        .results
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let place = [e.commune.as_str(), e.province.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "{} · {} · {}",
            e.name,
            e.profile.text(ProfileField::Kind, lang),
            place
        );
        let style = if i == picker.selected {
            SELECTED
        } else {
            Default::default()
        };
        buf.set_stringn(
            list.x,
            list.y + row as u16,
            fit(&text, usize::from(list.width)),
            usize::from(list.width),
            style,
        );
    }
    cursor
}
