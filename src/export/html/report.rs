//! Result sheets: one printable page per establishment (each survey's index,
//! level and advice, a chart of the dimensions, the weakest dimensions with
//! the support they call for, and the change since the last visit), and one
//! per workshop session (levels, dimension averages, ranking, follow-up list).

use std::fmt::Write;

use chrono::NaiveDate;

use super::chart::{Bar, bar_chart};
use super::{esc, page};
use crate::export::followup::{Scored, SupportGroup, follow_up};
use crate::export::strings::Lang;
use crate::survey::summary::one_decimal;
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

fn date_words(date: NaiveDate, lang: Lang) -> String {
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
        one_decimal(v.card.index),
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
            if let Some(advice) = &level.advice {
                let _ = write!(body, "<p class=\"level-advice\">{}</p>", esc(advice.get(l)));
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
        .filter(|(i, s)| v.survey.dimensions[*i].advice_for(*s).is_some())
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
            let Some(advice) = dim.advice_for(s) else {
                continue;
            };
            let _ = write!(
                body,
                "<tr><td>{}. {}</td><td class=\"num\">{}</td><td>{}</td><td class=\"support\">{}</td></tr>",
                esc(&dim.id),
                esc(dim.title.get(l)),
                one_decimal(Some(s)),
                esc(advice.text.get(l)),
                esc(advice.support.as_ref().map_or("–", |t| t.get(l)))
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
            one_decimal(before),
            one_decimal(now),
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
            one_decimal(p.card.index),
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
                one_decimal(Some(n.score)),
                esc(&n.advice)
            );
        }
        body.push_str("</table></section>");
    }
    body.push_str("</section>\n");
}
