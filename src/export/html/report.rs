//! The result sheet of one establishment: each survey's index, level and
//! advice, a chart of the dimensions, the weakest dimensions with the support
//! they call for, and the change since the last visit.

use std::fmt::Write;

use chrono::NaiveDate;

use super::chart::{Bar, bar_chart};
use super::{esc, page};
use crate::export::strings::Lang;
use crate::survey::display::score_plain;
use crate::survey::{Scorecard, Survey};

/// The establishment as the sheet names it; empty fields are left out.
#[derive(Debug, Clone, Default)]
pub struct EstablishmentInfo {
    pub name: String,
    pub kind: String,
    pub sector: String,
    pub commune: String,
    pub province: String,
    pub contact_person: String,
    pub phone: String,
}

/// One survey answered at one visit, with the visit before it, if any.
#[derive(Debug, Clone)]
pub struct Visit<'s> {
    pub survey: &'s Survey,
    pub date: NaiveDate,
    pub session: String,
    pub card: Scorecard,
    pub previous: Option<Earlier<'s>>,
}

/// The same survey at an earlier visit (possibly another version of it).
#[derive(Debug, Clone)]
pub struct Earlier<'s> {
    pub survey: &'s Survey,
    pub date: NaiveDate,
    pub card: Scorecard,
}

/// How many weak dimensions the sheet lists per survey.
const WEAKEST: usize = 3;

/// The sheet for one establishment, one section per survey.
pub fn establishment_sheet(est: &EstablishmentInfo, visits: &[Visit], lang: Lang) -> String {
    let mut body = String::new();
    let title = format!(
        "{}: {}",
        lang.pick("Kết quả đánh giá", "Assessment results"),
        est.name
    );
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    establishment_section(&mut body, est, lang);
    let latest = visits.iter().map(|v| v.date).max();
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

fn establishment_section(body: &mut String, est: &EstablishmentInfo, lang: Lang) {
    let rows = [
        (lang.pick("Tên cơ sở", "Name"), &est.name),
        (lang.pick("Loại hình", "Legal form"), &est.kind),
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

fn survey_section(body: &mut String, v: &Visit, lang: Lang) {
    let l = lang.code();
    let survey = v.survey;
    let _ = write!(
        body,
        "<section class=\"survey\" data-survey=\"{}\"><h2>{}</h2><p class=\"muted\">{} · {}</p>",
        esc(&survey.id),
        esc(survey.title.get(l)),
        esc(&v.session),
        date_words(v.date, lang)
    );
    let _ = write!(
        body,
        "<p class=\"index\">{} <strong>{}</strong> / 100{}</p>",
        lang.pick("Chỉ số sẵn sàng:", "Readiness index:"),
        score_plain(v.card.index),
        if v.card.complete {
            String::new()
        } else {
            format!(
                " <span class=\"muted\">({} {})</span>",
                v.card.missing.len(),
                lang.pick("câu bắt buộc chưa trả lời", "required questions unanswered")
            )
        }
    );
    match v.card.level {
        Some(i) => {
            let level = &survey.levels[i];
            let _ = write!(
                body,
                "<div class=\"level\"><p>{} {}</p></div>",
                lang.pick("Mức độ:", "Level:"),
                esc(level.label.get(l))
            );
            if let Some(advice) = v.card.level_advice(survey) {
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
        .zip(&v.card.dimensions)
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
    let i = p.survey.dimensions.iter().position(|d| d.id == dimension)?;
    p.card.dimensions[i].score
}

fn weakest_section(body: &mut String, v: &Visit, lang: Lang) {
    let l = lang.code();
    let mut weak: Vec<(usize, f64)> = v
        .card
        .dimensions
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.score.map(|s| (i, s)))
        .filter(|(i, _)| v.card.advice(v.survey, *i).is_some())
        .collect();
    weak.sort_by(|a, b| a.1.total_cmp(&b.1));
    weak.truncate(WEAKEST);
    let _ = write!(
        body,
        "<section class=\"weakest\"><h3>{}</h3>",
        lang.pick(
            "Khía cạnh yếu nhất và hỗ trợ đề xuất",
            "Weakest dimensions and the support they call for"
        )
    );
    if weak.is_empty() {
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
        for (i, s) in weak {
            let dim = &v.survey.dimensions[i];
            let Some(advice) = v.card.advice(v.survey, i) else {
                continue;
            };
            let _ = write!(
                body,
                "<tr><td>{}. {}</td><td class=\"num\">{}</td><td>{}</td><td class=\"support\">{}</td></tr>",
                esc(&dim.id),
                esc(dim.title.get(l)),
                score_plain(Some(s)),
                esc(advice.text.get(l)),
                esc(v.survey.support_of(advice).map_or("–", |t| t.label.get(l)))
            );
        }
        body.push_str("</table>");
    }
    body.push_str("</section>");
}

fn change_section(body: &mut String, v: &Visit, lang: Lang) {
    let l = lang.code();
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
        esc(&date_words(v.date, lang)),
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
        v.card.index,
    );
    for (d, r) in v.survey.dimensions.iter().zip(&v.card.dimensions) {
        row(
            &format!("{}. {}", d.id, d.title.get(l)),
            earlier_score(p, &d.id),
            r.score,
        );
    }
    body.push_str("</table>");
    let level = |s: &Survey, c: &Scorecard| c.level.map(|i| s.levels[i].label.get(l).to_owned());
    let (was, now) = (level(p.survey, &p.card), level(v.survey, &v.card));
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
