//! The entry screen: the question with its hint and numbered options, the
//! dimensions with their progress beside it, and the end page.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::{
    ACCENT, BOLD, DIM, ERROR, GOOD, SELECTED, bar, field, fit, notice_line, para, rows,
    wrapped_height,
};
use crate::survey::display::score_text;
use crate::survey::{Answer, Kind, Question};
use crate::tui::entry::{Entry, is_typed};
use crate::tui::strings::{Lang, S, clean, expected};

/// Width of the dimensions panel.
const SIDE: u16 = 28;

pub fn render(app: &crate::tui::app::App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let entry = app.entry.as_ref()?;
    let lang = app.lang;
    let [top, main] = rows(area, [1, 0]);
    render_top(entry, lang, top, buf);
    // Guidance takes the side panel, widened to half the screen: beside the options, never
    // over them.
    let guidance = entry.guidance && !entry.at_end();
    let side_width = if guidance {
        area.width / 2
    } else {
        SIDE.min(area.width / 3)
    };
    let question_area = Rect::new(main.x, main.y, main.width - side_width, main.height);
    let side = Rect::new(question_area.right(), main.y, side_width, main.height);
    if guidance {
        render_guidance(entry, lang, side, buf);
    } else {
        render_side(entry, lang, side, buf);
    }
    let inner = Rect::new(
        question_area.x,
        question_area.y + 1,
        question_area.width.saturating_sub(1),
        question_area.height.saturating_sub(1),
    );
    let mut cursor = if entry.at_end() {
        render_end(entry, lang, inner, buf);
        None
    } else {
        render_question(entry, lang, inner, buf)
    };
    if let Some(reason) = &entry.reason {
        let h = 5.min(inner.height);
        let area = Rect::new(inner.x, inner.bottom() - h, inner.width, h);
        Clear.render(area, buf);
        let block = Block::default().borders(Borders::TOP).border_style(ERROR);
        let box_inner = block.inner(area);
        block.render(area, buf);
        let [title, input, error] = rows(box_inner, [2, 1, 1]);
        para(S::ReasonTitle.get(lang), BOLD, title, buf);
        cursor = field("›", &reason.field, true, input, buf);
        if let Some(notice) = &entry.error {
            notice_line(notice, lang, error, buf);
        }
    }
    cursor
}

fn render_top(entry: &Entry, lang: Lang, area: Rect, buf: &mut Buffer) {
    let status = if entry.complete() {
        S::Complete
    } else {
        S::Draft
    };
    let count = entry.visible.iter().filter(|v| **v).count();
    let position = entry.visible[..entry.current.min(entry.visible.len())]
        .iter()
        .filter(|v| **v)
        .count()
        + 1;
    let right = format!(
        "{} · {} {}/{}",
        status.get(lang),
        S::Question.get(lang),
        position.min(count),
        count
    );
    let left_width = usize::from(area.width).saturating_sub(right.chars().count() + 1);
    let left = format!(
        "{} · {}",
        entry.establishment.name,
        entry.survey.title.get(lang.code())
    );
    buf.set_stringn(area.x, area.y, fit(&left, left_width), left_width, BOLD);
    let x = area.right().saturating_sub(right.chars().count() as u16);
    buf.set_string(x, area.y, right, if entry.complete() { GOOD } else { DIM });
}

fn render_guidance(entry: &Entry, lang: Lang, area: Rect, buf: &mut Buffer) {
    let text = entry
        .question()
        .and_then(|q| q.guidance.as_ref())
        .map_or(S::NoGuidance.get(lang), |g| g.get(lang.code()));
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(ACCENT)
        .title(Span::styled(S::Guidance.get(lang), ACCENT.patch(BOLD)));
    Paragraph::new(clean(text).into_owned())
        .wrap(Wrap { trim: true })
        .block(block)
        .render(area, buf);
}

fn render_side(entry: &Entry, lang: Lang, area: Rect, buf: &mut Buffer) {
    let block = Block::default()
        .borders(Borders::LEFT)
        .title(Span::styled(S::Progress.get(lang), BOLD));
    let inner = block.inner(area);
    block.render(area, buf);
    let survey = &entry.survey;
    let current_dim = entry.question().map(|q| q.dimension);
    let mut y = inner.y + 1;
    let groups = std::iter::once(None).chain((0..survey.dimensions.len()).map(Some));
    for group in groups {
        if y >= inner.bottom() {
            break;
        }
        let members: Vec<usize> = (0..survey.questions.len())
            .filter(|&i| {
                survey.questions[i].dimension == group
                    && entry.visible[i]
                    && !matches!(survey.questions[i].kind, Kind::Note)
            })
            .collect();
        let answered = members
            .iter()
            .filter(|&&i| entry.answer(i).is_some())
            .count();
        let title = match group {
            None => S::Profile.get(lang).to_owned(),
            Some(d) => format!(
                "{} {}",
                survey.dimensions[d].id,
                survey.dimensions[d].title.get(lang.code())
            ),
        };
        let count = format!(" {answered}/{}", members.len());
        let name_width = usize::from(inner.width).saturating_sub(count.len());
        let mut style = if answered == members.len() {
            GOOD
        } else {
            Style::new()
        };
        if current_dim == Some(group) {
            style = style.patch(BOLD).patch(ACCENT);
        }
        buf.set_stringn(inner.x, y, fit(&title, name_width), name_width, style);
        buf.set_string(
            inner.right().saturating_sub(count.len() as u16),
            y,
            count,
            style,
        );
        y += 1;
        if let Some(d) = group
            && y < inner.bottom()
        {
            let score = entry.card.dimensions[d].score;
            let text = match score {
                Some(s) => format!(
                    "{} {:>5}",
                    bar(s, inner.width.saturating_sub(7)),
                    score_text(Some(s), lang)
                ),
                None => String::new(),
            };
            buf.set_stringn(inner.x, y, text, usize::from(inner.width), DIM);
            y += 1;
        }
    }
}

fn render_question(entry: &Entry, lang: Lang, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let q = entry.question()?;
    let l = lang.code();
    let mut y = area.y;
    let dimension = q
        .dimension
        .map(|d| entry.survey.dimensions[d].title.get(l).to_owned())
        .unwrap_or_else(|| S::Profile.get(lang).to_owned());
    let mut head = vec![Span::styled(format!("{} ", q.id), ACCENT.patch(BOLD))];
    // No saved mark while a change waits for its reason: what is saved is the old value.
    if entry.answers.contains_key(&q.id) && entry.reason.is_none() {
        head.push(Span::styled(
            format!("{}  ", S::Saved.get(lang)),
            GOOD.patch(BOLD),
        ));
    }
    // A note asks nothing: neither required nor optional.
    let needed = match q.kind {
        Kind::Note => String::new(),
        _ => format!(
            " · {}",
            if q.required { S::Required } else { S::Optional }.get(lang)
        ),
    };
    head.push(Span::styled(format!("{dimension}{needed}"), DIM));
    Line::from(head).render(Rect::new(area.x, y, area.width, 1), buf);
    y += 2;
    let text = clean(q.text.get(l));
    let h = wrapped_height(&text, area.width).min(area.bottom().saturating_sub(y));
    para(&text, BOLD, Rect::new(area.x, y, area.width, h), buf);
    y += h;
    if let Some(hint) = &q.hint {
        let h = wrapped_height(hint.get(l), area.width).min(area.bottom().saturating_sub(y));
        para(hint.get(l), DIM, Rect::new(area.x, y, area.width, h), buf);
        y += h;
    }
    y += 1;
    let mut cursor = None;
    if is_typed(q) {
        if y < area.bottom() {
            cursor = field(
                "›",
                &entry.input,
                entry.reason.is_none(),
                Rect::new(area.x, y, area.width, 1),
                buf,
            );
            y += 1;
        }
        // What the answer must look like, before anything is typed: range and unit, the
        // form of a date, how much of a text's limit is used.
        let mut hint = Vec::new();
        if let Kind::Number(rule) = &q.kind
            && let Some(unit) = &rule.unit
        {
            hint.push(unit.get(l).to_owned());
        }
        if let Kind::Text {
            max_length: Some(max),
            ..
        } = &q.kind
        {
            hint.push(format!("{}/{max}", entry.input.committed().chars().count()));
        }
        if entry.error.is_none()
            && let Some(expected) = expected(q, lang)
        {
            hint.push(expected);
        }
        if !hint.is_empty() && y < area.bottom() {
            let text = fit(&hint.join(" · "), usize::from(area.width.saturating_sub(2)));
            buf.set_stringn(area.x + 2, y, text, usize::from(area.width), DIM);
            y += 1;
        }
    } else if matches!(q.kind, Kind::Note) {
        para(
            S::NoteContinue.get(lang),
            DIM,
            Rect::new(area.x, y, area.width, 1),
            buf,
        );
        y += 1;
    } else {
        y = draw_options(
            entry,
            q,
            lang,
            Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y)),
            buf,
        );
    }
    y += 1;
    if let Some((what, detail)) = entry.error.as_ref().filter(|_| entry.reason.is_none())
        && y < area.bottom()
    {
        // A refusal reads in the trainer's language where the question allows it.
        let detail = match what {
            S::Refused | S::RefusedEscAgain => {
                expected(q, lang).or_else(|| detail.as_ref().map(|d| d.text(lang)))
            }
            _ => detail.as_ref().map(|d| d.text(lang)),
        };
        notice_line(
            &(*what, detail.map(crate::tui::strings::Detail::Text)),
            lang,
            Rect::new(area.x, y, area.width, 2.min(area.bottom() - y)),
            buf,
        );
    }
    cursor
}

/// The choices of a question as (key, label, chosen).
fn choices(entry: &Entry, q: &Question, lang: Lang) -> Vec<(String, String, bool)> {
    let l = lang.code();
    let answer = entry.answers.get(&q.id);
    let chosen = |value: &str| match answer {
        Some(Answer::Choice(v)) => v == value,
        Some(Answer::Choices(vs)) => vs.iter().any(|v| v == value),
        _ => false,
    };
    let mut list: Vec<(String, String, bool)> = match &q.kind {
        Kind::Single { options } | Kind::Multi { options, .. } => options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                (
                    (i + 1).to_string(),
                    o.label.get(l).to_owned(),
                    chosen(&o.value),
                )
            })
            .collect(),
        Kind::YesNo { .. } => vec![
            ("1".into(), S::Yes.get(lang).into(), chosen("yes")),
            ("2".into(), S::No.get(lang).into(), chosen("no")),
        ],
        Kind::Scale {
            min, max, labels, ..
        } => (*min..=*max)
            .map(|v| {
                let label = labels
                    .get(&v)
                    .map_or(String::new(), |t| t.get(l).to_owned());
                (
                    v.to_string(),
                    label,
                    answer == Some(&Answer::Number(v as f64)),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    if q.kind.allows_na() {
        let key = if matches!(q.kind, Kind::YesNo { .. }) {
            "3"
        } else {
            "n"
        };
        list.push((
            key.into(),
            S::NotApplicable.get(lang).into(),
            answer == Some(&Answer::NotApplicable),
        ));
    }
    list
}

fn draw_options(entry: &Entry, q: &Question, lang: Lang, area: Rect, buf: &mut Buffer) -> u16 {
    let multi = matches!(q.kind, Kind::Multi { .. });
    let movable = matches!(q.kind, Kind::Single { .. } | Kind::Multi { .. });
    let mut y = area.y;
    let list = choices(entry, q, lang);
    let count = list.len();
    let last_key = list.last().map(|c| c.0.clone()).unwrap_or_default();
    for (i, (key, label, chosen)) in list.into_iter().enumerate() {
        if y >= area.bottom() {
            break;
        }
        let line = format!("{key:>2} {mark} {}", clean(&label), mark = "[ ]");
        let h = wrapped_height(&line, area.width);
        // Options that do not fit are never hidden silently: the last row says how many
        // more there are and which keys choose them.
        let rest = count - i;
        if rest > 1 && y + h >= area.bottom() {
            let more = format!("   … {} {key}–{last_key}", S::MoreOptions.get(lang));
            buf.set_stringn(
                area.x,
                y,
                fit(&more, usize::from(area.width)),
                usize::from(area.width),
                DIM,
            );
            return y + 1;
        }
        let mark = match (multi, chosen) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let style = if chosen {
            GOOD.patch(BOLD)
        } else {
            Style::new()
        };
        let style = if movable && i == entry.highlight {
            style.patch(SELECTED)
        } else {
            style
        };
        let line = format!("{key:>2} {mark} {}", clean(&label));
        let h = wrapped_height(&line, area.width).min(area.bottom() - y);
        Paragraph::new(line)
            .style(style)
            .wrap(Wrap { trim: false })
            .render(Rect::new(area.x, y, area.width, h), buf);
        y += h;
    }
    y
}

fn render_end(entry: &Entry, lang: Lang, area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::styled(S::EndTitle.get(lang), BOLD), Line::raw("")];
    if let Some((what, detail)) = &entry.error {
        let mut text = what.get(lang).to_owned();
        if let Some(d) = detail {
            text.push_str(": ");
            text.push_str(&clean(&d.text(lang)));
        }
        lines.push(Line::styled(text, ERROR));
        lines.push(Line::raw(""));
    }
    if entry.card.missing.is_empty() {
        let text = if entry.complete() {
            S::AlreadyComplete
        } else {
            S::ReadyToFinish
        };
        lines.push(Line::styled(text.get(lang), GOOD));
    } else {
        if !entry.jump.is_empty() {
            lines.push(Line::from(vec![
                Span::raw(format!("{}: ", S::JumpTo.get(lang))),
                Span::styled(format!("{}▏", entry.jump), ACCENT.patch(BOLD)),
            ]));
            lines.push(Line::raw(""));
        }
        lines.push(Line::raw(S::MissingList.get(lang)));
        for (n, id) in entry.card.missing.iter().enumerate() {
            let text = entry.survey.question(id).map_or(String::new(), |q| {
                clean(q.text.get(lang.code())).into_owned()
            });
            lines.push(Line::from(vec![
                Span::styled(format!("{:>2} {id} ", n + 1), ACCENT),
                Span::raw(text),
            ]));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}
