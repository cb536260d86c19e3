//! The sheet of one workshop session (levels distribution, dimension averages,
//! ranking, follow-up list) and the follow-up list on a page of its own.

use std::fmt::Write;

use chrono::NaiveDate;

use super::chart::{Bar, bar_chart};
use super::report::date_words;
use super::{esc, page};
use crate::export::followup::{Scored, SupportGroup, follow_up};
use crate::export::strings::Lang;
use crate::survey::display::score_plain;
use crate::survey::{Scorecard, Survey};

/// One establishment's latest response to one survey, for the session sheet.
#[derive(Debug, Clone)]
pub struct Participant<'s> {
    pub establishment: String,
    pub survey: &'s Survey,
    pub card: Scorecard,
}

/// The workshop's sheet: per survey the levels distribution, the dimension
/// averages and the ranking; then the follow-up list.
pub fn session_sheet(
    session: &str,
    date: NaiveDate,
    participants: &[Participant],
    lang: Lang,
) -> String {
    let mut body = String::new();
    let title = format!(
        "{}: {}",
        lang.pick("Kết quả hội thảo", "Workshop results"),
        session
    );
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        body,
        "<p class=\"date\">{} {}</p>",
        lang.pick("Ngày:", "Date:"),
        date_words(date, lang)
    );
    let mut surveys: Vec<&Survey> = Vec::new();
    for p in participants {
        if !surveys
            .iter()
            .any(|s| s.id == p.survey.id && s.version == p.survey.version)
        {
            surveys.push(p.survey);
        }
    }
    if surveys.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            lang.pick(
                "Phiên này chưa có phiếu nào.",
                "This session has no responses yet."
            )
        );
    }
    for survey in surveys {
        let group: Vec<&Participant> = participants
            .iter()
            .filter(|p| std::ptr::eq(p.survey, survey))
            .collect();
        session_survey_section(&mut body, survey, &group, lang);
    }
    let scored: Vec<Scored> = participants
        .iter()
        .map(|p| Scored {
            establishment: p.establishment.clone(),
            survey: p.survey,
            card: p.card.clone(),
        })
        .collect();
    follow_up_section(&mut body, &follow_up(&scored, lang), lang);
    page(lang, &title, &body)
}

fn session_survey_section(body: &mut String, survey: &Survey, group: &[&Participant], lang: Lang) {
    let l = lang.code();
    let _ = write!(
        body,
        "<section class=\"survey\" data-survey=\"{}\"><h2>{} <span class=\"muted\">({} {})</span></h2>",
        esc(&survey.id),
        esc(survey.title.get(l)),
        group.len(),
        lang.pick("cơ sở", "establishments")
    );
    let _ = write!(
        body,
        "<section class=\"levels\"><h3>{}</h3><table><tr><th>{}</th><th class=\"num\">{}</th></tr>",
        lang.pick("Phân bố mức độ", "Levels"),
        lang.pick("Mức độ", "Level"),
        lang.pick("Số cơ sở", "Establishments")
    );
    for (i, level) in survey.levels.iter().enumerate() {
        let n = group.iter().filter(|p| p.card.level == Some(i)).count();
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"num\">{n}</td></tr>",
            esc(level.label.get(l))
        );
    }
    let unscored = group.iter().filter(|p| p.card.level.is_none()).count();
    if unscored > 0 {
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"num\">{unscored}</td></tr>",
            lang.pick("Chưa xếp mức", "No level yet")
        );
    }
    body.push_str("</table></section>");
    let bars: Vec<Bar> = survey
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| Bar {
            label: format!("{}. {}", d.id, d.title.get(l)),
            value: average(group.iter().filter_map(|p| p.card.dimensions[i].score)),
            previous: None,
            low_confidence: false,
        })
        .collect();
    let _ = write!(
        body,
        "<section class=\"averages\"><h3>{}</h3><figure>{}</figure></section>",
        lang.pick("Điểm trung bình theo khía cạnh", "Dimension averages"),
        bar_chart(
            &format!(
                "{}: {}",
                lang.pick("Điểm trung bình", "Averages"),
                survey.title.get(l)
            ),
            &bars
        )
    );
    let mut ranked: Vec<&&Participant> = group.iter().collect();
    ranked.sort_by(|a, b| {
        b.card
            .index
            .unwrap_or(-1.0)
            .total_cmp(&a.card.index.unwrap_or(-1.0))
            .then_with(|| a.establishment.cmp(&b.establishment))
    });
    let _ = write!(
        body,
        "<section class=\"ranking\"><h3>{}</h3><table><tr><th class=\"num\">#</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr>",
        lang.pick("Xếp hạng", "Ranking"),
        lang.pick("Cơ sở", "Establishment"),
        lang.pick("Chỉ số", "Index"),
        lang.pick("Mức độ", "Level")
    );
    for (n, p) in ranked.iter().enumerate() {
        let _ = write!(
            body,
            "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            n + 1,
            esc(&p.establishment),
            score_plain(p.card.index),
            esc(p.card.level.map_or("–", |i| survey.levels[i].label.get(l)))
        );
    }
    body.push_str("</table></section></section>\n");
}

fn average(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The follow-up list on a page of its own: per session (`scope` names it) or overall.
pub fn follow_up_page(scope: &str, groups: &[SupportGroup], lang: Lang) -> String {
    let title = format!(
        "{}: {}",
        lang.pick("Danh sách hỗ trợ tiếp theo", "Follow-up list"),
        scope
    );
    let mut body = format!("<h1>{}</h1>\n", esc(&title));
    let _ = writeln!(
        body,
        "<p class=\"muted\">{}</p>",
        lang.pick(
            "Các cơ sở có khía cạnh dưới ngưỡng, theo hình thức hỗ trợ mà khuyến nghị đề xuất (lần khảo sát gần nhất của mỗi cơ sở).",
            "Establishments with dimensions below the threshold, by the kind of support their advice calls for (each establishment's latest visit)."
        )
    );
    follow_up_section(&mut body, groups, lang);
    page(lang, &title, &body)
}

/// The follow-up list as a page section, one table per kind of support.
pub fn follow_up_section(body: &mut String, groups: &[SupportGroup], lang: Lang) {
    let _ = write!(
        body,
        "<section class=\"followup\"><h2>{}</h2>",
        lang.pick("Danh sách hỗ trợ tiếp theo", "Follow-up list")
    );
    if groups.is_empty() {
        let _ = write!(
            body,
            "<p>{}</p>",
            lang.pick(
                "Không cơ sở nào có khía cạnh dưới ngưỡng cần hỗ trợ.",
                "No establishment has a dimension below the threshold that calls for support."
            )
        );
    }
    for g in groups {
        let _ = write!(
            body,
            "<section class=\"group\" data-support=\"{}\"><h3>{} <span class=\"muted\">({} {})</span></h3><table><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr>",
            esc(&g.support),
            esc(&g.support),
            g.establishments(),
            lang.pick("cơ sở", "establishments"),
            lang.pick("Cơ sở", "Establishment"),
            lang.pick("Khía cạnh", "Dimension"),
            lang.pick("Điểm", "Score"),
            lang.pick("Khuyến nghị", "Advice")
        );
        for n in &g.needs {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{} {}. {}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&n.establishment),
                esc(&n.survey),
                esc(&n.dimension_id),
                esc(&n.dimension),
                score_plain(Some(n.score)),
                esc(&n.advice)
            );
        }
        body.push_str("</table></section>");
    }
    body.push_str("</section>\n");
}
