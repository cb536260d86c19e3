//! The result card: index, level and advice, a bar per dimension, the weakest
//! dimensions with advice, the quickest gains, and the change since last time.

use std::cmp::Ordering;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{ACCENT, BOLD, DIM, ERROR, GOOD, bar, fit};
use crate::fieldwork::results::ResultCard;
use crate::survey::display::{change_sign, score_text};
use crate::tui::app::App;
use crate::tui::strings::{Lang, S, clean};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let view = app.result.as_ref()?;
    let outcome = &view.outcome;
    let lang = app.lang;
    let l = lang.code();
    let survey = outcome.survey();
    let card = outcome.card();
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(
            " {} · {} · {} ",
            S::ResultTitle.get(lang),
            clean(&outcome.establishment.name),
            survey.title.get(l)
        ),
        BOLD,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines = Vec::new();
    let level = card.level.map(|i| &survey.levels[i]);
    let mut head = vec![
        Span::raw(format!("{}: ", S::Index.get(lang))),
        Span::styled(
            card.index.map_or(S::NoScore.get(lang).to_owned(), |i| {
                score_text(Some(i), lang)
            }),
            ACCENT.patch(BOLD),
        ),
    ];
    if let Some(level) = level {
        head.push(Span::raw(format!("   {}: ", S::Level.get(lang))));
        head.push(Span::styled(
            level.label.get(l).to_owned(),
            ACCENT.patch(BOLD),
        ));
    }
    if !card.complete {
        head.push(Span::styled(
            format!("   ({})", S::Incomplete.get(lang)),
            ERROR,
        ));
    }
    lines.push(Line::from(head));
    if let Some(in_full) = &outcome.in_full {
        lines.push(Line::styled(in_full.note(lang), GOOD));
    } else if let Some(advice) = card.level_advice(survey) {
        lines.push(Line::raw(advice.text.get(l).to_owned()));
    }
    lines.push(Line::raw(""));
    let name_width = 24usize.min(usize::from(inner.width) / 3);
    let bar_width = inner.width.saturating_sub(name_width as u16 + 30).max(5);
    for (d, dim) in survey.dimensions.iter().enumerate() {
        let result = &card.dimensions[d];
        let mut spans = vec![Span::raw(format!(
            "{:<2} {} ",
            dim.id,
            super::sessions::pad(&fit(dim.title.get(l), name_width), name_width as u16)
        ))];
        match result.score {
            Some(s) => {
                spans.push(Span::styled(bar(s, bar_width), GOOD));
                spans.push(Span::raw(format!(" {:>5}", score_text(Some(s), lang))));
            }
            None => spans.push(Span::styled(S::NoScore.get(lang), DIM)),
        }
        if let Some(earlier) = &outcome.previous
            && let (Some(now), Some(then)) = (result.score, earlier_score(earlier, &dim.id))
        {
            // ▲/▼ for the change since the last visit, so it never reads as a gain ("+7.5");
            // "=" where it rounds to nothing.
            let change = now - then;
            let arrow = match change_sign(change) {
                Ordering::Greater => "▲",
                Ordering::Less => "▼",
                Ordering::Equal => "=",
            };
            spans.push(Span::styled(
                format!(" {arrow}{}", score_text(Some(change.abs()), lang)),
                DIM,
            ));
        }
        if result.low_confidence {
            spans.push(Span::styled(
                format!(" ⚠ {}", S::LowConfidence.get(lang)),
                ERROR,
            ));
        }
        lines.push(Line::from(spans));
    }
    if let Some(earlier) = &outcome.previous {
        lines.push(Line::styled(
            format!(
                "{} ({}): {} → {}",
                S::Change.get(lang),
                crate::survey::display::date_text(earlier.date, lang),
                score_text(earlier.card.index, lang),
                score_text(card.index, lang)
            ),
            DIM,
        ));
    }
    if !outcome.levers.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(S::Levers.get(lang), BOLD));
        for lever in &outcome.levers {
            let q = &survey.questions[lever.question];
            lines.push(Line::raw(format!(
                "• +{} {} {}",
                score_text(Some(lever.gain), lang),
                q.id,
                clean(q.text.get(l))
            )));
        }
    }
    // A spent screening's dimension advice gave way to the full survey's, like its level's.
    if outcome.in_full.is_none() {
        weakest_lines(outcome, lang, &mut lines);
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((view.scroll, 0))
        .render(inner, buf);
    None
}

/// The three weakest dimensions that have advice, each with its support line.
fn weakest_lines(outcome: &ResultCard, lang: Lang, lines: &mut Vec<Line<'static>>) {
    let l = lang.code();
    let survey = outcome.survey();
    lines.push(Line::raw(""));
    lines.push(Line::styled(S::Weakest.get(lang), BOLD));
    for weak in outcome.weakest.iter().take(3) {
        let dim = &survey.dimensions[weak.dimension];
        let Some(advice) = weak.advice(survey) else {
            continue;
        };
        let mut text = format!(
            "• {} ({}): {}",
            dim.title.get(l),
            score_text(Some(weak.score), lang),
            advice.text.get(l)
        );
        if let Some(support) = survey.support_of(advice) {
            text.push_str(&format!(
                " [{}: {}]",
                S::Support.get(lang),
                support.label.get(l)
            ));
        }
        lines.push(Line::raw(text));
    }
}

/// A dimension's score at the visit before, by dimension id (it may be another version).
fn earlier_score(earlier: &crate::fieldwork::results::Earlier, id: &str) -> Option<f64> {
    let survey = &earlier.pinned.survey;
    let i = survey.dimensions.iter().position(|d| d.id == id)?;
    earlier.card.dimensions[i].score
}
