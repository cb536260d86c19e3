//! The result sheet of one establishment: each survey's index, level and
//! advice, a chart of the dimensions, the weakest dimensions with the support
//! they call for, and the change since the last visit.

use std::cmp::Ordering;
use std::fmt::Write;

use super::chart::{Bar, bar_chart};
use super::{Head, esc, sheet_page};
use crate::export::strings::Lang;
use crate::fieldwork::results::{Earlier, ResultCard};
use crate::fieldwork::state::State;
use crate::store::{Establishment, Session};
use crate::survey::display::{change_sign, date_text, score_text};
use crate::survey::{Scorecard, Survey};

/// One survey's latest result of the establishment, with its session.
#[derive(Debug, Clone)]
pub struct SheetVisit<'a> {
    pub outcome: &'a ResultCard,
    pub session: Option<Session>,
}

/// How many weak dimensions the sheet lists per survey.
const WEAKEST: usize = 3;

/// The sheet for one establishment, one section per survey; on one A4 page per survey at
/// most (both on one when they fit): nothing forces a page break.
pub fn establishment_sheet(
    est: &Establishment,
    visits: &[SheetVisit],
    centre: &str,
    lang: Lang,
) -> String {
    let mut body = String::new();
    let title = format!(
        "{}: {}",
        lang.pick("Kết quả đánh giá", "Assessment results"),
        est.name
    );
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    establishment_section(&mut body, est, lang);
    if visits.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            lang.pick(
                "Cơ sở chưa có phiếu khảo sát nào.",
                "No survey has been recorded for this establishment yet."
            )
        );
    }
    for visit in visits {
        survey_section(&mut body, visit, lang);
    }
    let latest = visits
        .iter()
        .max_by_key(|v| v.outcome.visit.key())
        .and_then(|v| v.session.as_ref());
    sheet_page(lang, &title, &Head::new(centre, latest), &body)
}

fn establishment_section(body: &mut String, est: &Establishment, lang: Lang) {
    let kind = est
        .profile
        .text(crate::survey::profile::ProfileField::Kind, lang);
    let rows = [
        (lang.pick("Loại hình", "Legal form"), &kind),
        (lang.pick("Ngành nghề", "Sector"), &est.sector),
        (lang.pick("Xã/phường", "Commune or ward"), &est.commune),
        (lang.pick("Tỉnh/thành phố", "Province"), &est.province),
        (
            lang.pick("Người liên hệ", "Contact person"),
            &est.contact_person,
        ),
        (lang.pick("Điện thoại", "Phone"), &est.phone),
    ];
    body.push_str("<section class=\"establishment profile\">");
    for (label, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = write!(
            body,
            "<div><span class=\"muted\">{}:</span> {}</div>",
            esc(label),
            esc(value)
        );
    }
    body.push_str("</section>\n");
}

fn survey_section(body: &mut String, sheet: &SheetVisit, lang: Lang) {
    let l = lang.code();
    let v = sheet.outcome;
    let survey = v.survey();
    let card = v.card();
    let session = sheet.session.as_ref().map_or("", |s| s.name.as_str());
    let _ = write!(
        body,
        "<section class=\"survey result\" data-survey=\"{}\"><div class=\"top\"><h2>{}</h2><p class=\"muted\">{} · {}</p>",
        esc(&survey.id),
        esc(survey.title.get(l)),
        esc(session),
        date_text(v.visit.date, lang)
    );
    if let State::Draft { answered } = v.scored.state() {
        let _ = write!(
            body,
            "<p class=\"draft\">{} ({answered}% {})</p>",
            lang.pick(
                "Phiếu nháp, chưa hoàn thành: kết quả còn có thể thay đổi",
                "A draft, not yet complete: the result may still change"
            ),
            lang.pick("câu đã trả lời", "answered")
        );
    }
    let level = card.level.map_or("–", |i| survey.levels[i].label.get(l));
    let _ = write!(
        body,
        "<p class=\"index\">{} <strong>{}</strong> / 100{} · <span class=\"level\">{} {}</span></p>",
        lang.pick("Chỉ số sẵn sàng:", "Readiness index:"),
        score_text(card.index, lang),
        if card.complete {
            String::new()
        } else {
            format!(
                " <span class=\"muted\">({} {})</span>",
                card.missing.len(),
                lang.pick("câu bắt buộc chưa trả lời", "required questions unanswered")
            )
        },
        lang.pick("Mức độ:", "Level:"),
        esc(level)
    );
    if let Some(in_full) = &v.in_full {
        // A spent screening: its score in one line, the full survey's section says the rest.
        let _ = writeln!(
            body,
            "<p class=\"level-advice in-full\">{}</p></div></section>",
            esc(&in_full.note(lang))
        );
        return;
    }
    if let Some(advice) = card.level_advice(survey) {
        let _ = write!(
            body,
            "<p class=\"level-advice\">{}</p>",
            esc(advice.text.get(l))
        );
    }
    let bars: Vec<Bar> = survey
        .dimensions
        .iter()
        .zip(&card.dimensions)
        .map(|(d, r)| Bar {
            label: format!("{}. {}", d.id, d.title.get(l)),
            value: r.score,
            previous: v.previous.as_ref().and_then(|p| earlier_score(p, &d.id)),
            low_confidence: r.low_confidence,
        })
        .collect();
    let chart_title = format!(
        "{}: {}",
        lang.pick("Điểm theo khía cạnh", "Scores by dimension"),
        survey.title.get(l)
    );
    let _ = write!(
        body,
        "<figure>{}<figcaption class=\"muted\">{}</figcaption></figure></div>",
        bar_chart(&chart_title, &bars, lang),
        lang.pick(
            "Thang 0–100. Vạch đen: lần khảo sát trước. Dấu ? : hơn 30% câu trả lời là “không biết”.",
            "Scale 0–100. Black tick: the previous visit. ?: over 30% of the answers were “don't know”."
        )
    );
    weakest_section(body, v, lang);
    change_section(body, v, lang);
    body.push_str("</section>\n");
}

fn earlier_score(p: &Earlier, dimension: &str) -> Option<f64> {
    let i = p
        .pinned
        .survey
        .dimensions
        .iter()
        .position(|d| d.id == dimension)?;
    p.card.dimensions[i].score
}

fn weakest_section(body: &mut String, v: &ResultCard, lang: Lang) {
    let l = lang.code();
    let survey = v.survey();
    let weak: Vec<_> = v.weakest.iter().take(WEAKEST).collect();
    let _ = write!(
        body,
        "<section class=\"weakest\"><h3>{}</h3>",
        lang.pick(
            "Khía cạnh yếu nhất và hỗ trợ đề xuất",
            "Weakest dimensions and the support they call for"
        )
    );
    if weak.iter().all(|w| w.advice.is_none()) {
        let _ = write!(
            body,
            "<p>{}</p>",
            lang.pick(
                "Không có khía cạnh nào dưới ngưỡng cần hỗ trợ.",
                "No dimension is below the threshold that calls for support."
            )
        );
    } else {
        let _ = write!(
            body,
            "<table><thead><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            lang.pick("Khía cạnh", "Dimension"),
            lang.pick("Điểm", "Score"),
            lang.pick("Khuyến nghị", "Advice"),
            lang.pick("Hình thức hỗ trợ", "Support")
        );
        for w in weak {
            let dim = &survey.dimensions[w.dimension];
            let advice = w.advice(survey);
            let _ = write!(
                body,
                "<tr><td>{}. {}</td><td class=\"num\">{}</td><td>{}</td><td class=\"support\">{}</td></tr>",
                esc(&dim.id),
                esc(dim.title.get(l)),
                score_text(Some(w.score), lang),
                esc(advice.map_or("–", |a| a.text.get(l))),
                esc(advice
                    .and_then(|a| survey.support_of(a))
                    .map_or("–", |s| s.label.get(l)))
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("</section>");
}

/// The change since the visit before, in one line: the index and the level (the chart's
/// ticks show each dimension's).
fn change_section(body: &mut String, v: &ResultCard, lang: Lang) {
    let l = lang.code();
    let (survey, card) = (v.survey(), v.card());
    let _ = write!(
        body,
        "<section class=\"change\"><h3>{}</h3>",
        lang.pick("Thay đổi so với lần trước", "Change since the last visit")
    );
    let Some(p) = &v.previous else {
        let _ = write!(
            body,
            "<p>{}</p></section>",
            lang.pick(
                "Đây là lần khảo sát đầu tiên; chưa có gì để so sánh.",
                "This is the first visit; there is nothing to compare with yet."
            )
        );
        return;
    };
    let level = |s: &Survey, c: &Scorecard| c.level.map(|i| s.levels[i].label.get(l).to_owned());
    let (was, now) = (level(&p.pinned.survey, &p.card), level(survey, card));
    let _ = write!(
        body,
        "<p>{} {} → {} ({}) · {} {} → {}</p>",
        lang.pick("Chỉ số", "Index"),
        score_text(p.card.index, lang),
        score_text(card.index, lang),
        signed(p.card.index.zip(card.index).map(|(b, n)| n - b), lang),
        lang.pick("mức", "level"),
        esc(was.as_deref().unwrap_or("–")),
        esc(now.as_deref().unwrap_or("–"))
    );
    let _ = write!(
        body,
        "<p class=\"muted\">{} {}</p></section>",
        lang.pick("Lần trước:", "Previous visit:"),
        date_text(p.date, lang)
    );
}

/// A change of score with its sign ("+8,2", "−3,1", "0,0"), rounded as every score is.
pub(super) fn signed(change: Option<f64>, lang: Lang) -> String {
    let Some(c) = change else {
        return String::new();
    };
    let shown = score_text(Some(c.abs()), lang);
    match change_sign(c) {
        Ordering::Greater => format!("+{shown}"),
        Ordering::Less => format!("−{shown}"),
        Ordering::Equal => shown,
    }
}
