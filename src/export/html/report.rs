//! The result sheet of one establishment: each survey's index, level and
//! advice, a chart of the dimensions, the weakest dimensions with the support
//! they call for, and the change since the last visit.

use std::fmt::Write;

use chrono::NaiveDate;

use super::chart::{Bar, bar_chart};
use super::{esc, page};
use crate::export::strings::Lang;
use crate::fieldwork::results::{Earlier, ResultCard};
use crate::store::Establishment;
use crate::survey::display::score_plain;
use crate::survey::{Scorecard, Survey};

/// One survey's latest result of the establishment, with the name of its session.
#[derive(Debug, Clone)]
pub struct SheetVisit<'a> {
    pub outcome: &'a ResultCard,
    pub session: String,
}

/// How many weak dimensions the sheet lists per survey.
const WEAKEST: usize = 3;

/// The sheet for one establishment, one section per survey.
pub fn establishment_sheet(est: &Establishment, visits: &[SheetVisit], lang: Lang) -> String {
    let mut body = String::new();
    let title = format!(
        "{}: {}",
        lang.pick("Kết quả đánh giá", "Assessment results"),
        est.name
    );
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    establishment_section(&mut body, est, lang);
    let latest = visits.iter().map(|v| v.outcome.visit.date).max();
    let _ = writeln!(
        body,
        "<p class=\"date\">{} {}</p>",
        lang.pick("Ngày khảo sát:", "Date of the visit:"),
        latest
            .map(|d| date_words(d, lang))
            .unwrap_or_else(|| "–".into())
    );
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
    page(lang, &title, &body)
}

fn establishment_section(body: &mut String, est: &Establishment, lang: Lang) {
    let kind = est
        .profile
        .text(crate::survey::profile::ProfileField::Kind, lang);
    let rows = [
        (lang.pick("Tên cơ sở", "Name"), &est.name),
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
    let _ = write!(
        body,
        "<section class=\"establishment\"><table class=\"fields\">"
    );
    for (label, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = write!(
            body,
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(label),
            esc(value)
        );
    }
    body.push_str("</table></section>\n");
}

pub(super) fn date_words(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%-d %B %Y").to_string(),
    }
}

fn survey_section(body: &mut String, sheet: &SheetVisit, lang: Lang) {
    let l = lang.code();
    let v = sheet.outcome;
    let survey = v.survey();
    let card = v.card();
    let _ = write!(
        body,
        "<section class=\"survey\" data-survey=\"{}\"><h2>{}</h2><p class=\"muted\">{} · {}</p>",
        esc(&survey.id),
        esc(survey.title.get(l)),
        esc(&sheet.session),
        date_words(v.visit.date, lang)
    );
    let _ = write!(
        body,
        "<p class=\"index\">{} <strong>{}</strong> / 100{}</p>",
        lang.pick("Chỉ số sẵn sàng:", "Readiness index:"),
        score_plain(card.index),
        if card.complete {
            String::new()
        } else {
            format!(
                " <span class=\"muted\">({} {})</span>",
                card.missing.len(),
                lang.pick("câu bắt buộc chưa trả lời", "required questions unanswered")
            )
        }
    );
    match card.level {
        Some(i) => {
            let level = &survey.levels[i];
            let _ = write!(
                body,
                "<div class=\"level\"><p>{} {}</p></div>",
                lang.pick("Mức độ:", "Level:"),
                esc(level.label.get(l))
            );
            if let Some(advice) = v.card().level_advice(survey) {
                let _ = write!(
                    body,
                    "<p class=\"level-advice\">{}</p>",
                    esc(advice.text.get(l))
                );
            }
        }
        None => {
            let _ = write!(
                body,
                "<div class=\"level\"><p>{} –</p></div>",
                lang.pick("Mức độ:", "Level:")
            );
        }
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
        "<figure>{}<figcaption class=\"muted\">{}</figcaption></figure>",
        bar_chart(&chart_title, &bars),
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
            "<table><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr>",
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
                score_plain(Some(w.score)),
                esc(advice.map_or("–", |a| a.text.get(l))),
                esc(advice
                    .and_then(|a| survey.support_of(a))
                    .map_or("–", |s| s.label.get(l)))
            );
        }
        body.push_str("</table>");
    }
    body.push_str("</section>");
}

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
    let _ = write!(
        body,
        "<table><tr><th></th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
        esc(&date_words(p.date, lang)),
        esc(&date_words(v.visit.date, lang)),
        lang.pick("Thay đổi", "Change")
    );
    let mut row = |label: &str, before: Option<f64>, now: Option<f64>| {
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(label),
            score_plain(before),
            score_plain(now),
            signed(before.zip(now).map(|(b, n)| n - b))
        );
    };
    row(
        lang.pick("Chỉ số sẵn sàng", "Readiness index"),
        p.card.index,
        card.index,
    );
    for (d, r) in survey.dimensions.iter().zip(&card.dimensions) {
        row(
            &format!("{}. {}", d.id, d.title.get(l)),
            earlier_score(p, &d.id),
            r.score,
        );
    }
    body.push_str("</table>");
    let level = |s: &Survey, c: &Scorecard| c.level.map(|i| s.levels[i].label.get(l).to_owned());
    let (was, now) = (level(&p.pinned.survey, &p.card), level(survey, card));
    if was != now {
        let _ = write!(
            body,
            "<p>{} {} → {}</p>",
            lang.pick("Mức độ:", "Level:"),
            esc(was.as_deref().unwrap_or("–")),
            esc(now.as_deref().unwrap_or("–"))
        );
    }
    body.push_str("</section>");
}

fn signed(change: Option<f64>) -> String {
    match change {
        Some(c) if c > 0.05 => format!("+{c:.1}"),
        Some(c) if c < -0.05 => format!("−{:.1}", -c),
        Some(_) => "0.0".into(),
        None => String::new(),
    }
}
