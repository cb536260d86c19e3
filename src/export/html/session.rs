//! The sheet of one workshop session (levels distribution, dimension averages,
//! ranking, follow-up list) and the follow-up list on a page of its own.

use std::fmt::Write;

use super::chart::{Bar, bar_chart};
use super::report::signed;
use super::{Head, esc, sheet_page};
use crate::export::strings::Lang;
use crate::fieldwork::followup::{FollowUpList, SupportGroup};
use crate::fieldwork::state::State;
use crate::fieldwork::summaries::Board;
use crate::store::Session;
use crate::survey::display::{date_text, score_text};

/// A follow-up session compared with the earlier visits of the same establishments, per
/// survey: each establishment's complete response here against its visit before.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub survey: String,
    /// (index then, index now) of each establishment with both.
    pub indexes: Vec<(f64, f64)>,
    pub level_up: usize,
    pub level_same: usize,
    pub level_down: usize,
    /// The dimensions that moved most: label and average change, the largest move first.
    pub moved: Vec<(String, f64)>,
}

/// The workshop's sheet: per survey the levels distribution, the dimension
/// averages and the ranking; the progress since the earlier visits; then the follow-up list.
pub fn session_sheet(
    session: &Session,
    boards: &[Board],
    progress: &[Progress],
    follow_up: &FollowUpList,
    head: &Head,
    lang: Lang,
) -> String {
    let mut body = String::new();
    let title = format!(
        "{}: {}",
        lang.pick("Kết quả hội thảo", "Workshop results"),
        session.name
    );
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        body,
        "<p class=\"date\">{} {}</p>",
        lang.pick("Ngày:", "Date:"),
        date_text(session.date, lang)
    );
    if boards.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            lang.pick(
                "Phiên này chưa có phiếu nào.",
                "This session has no responses yet."
            )
        );
    }
    for board in boards {
        session_survey_section(&mut body, board, lang);
    }
    progress_section(&mut body, boards, progress, lang);
    follow_up_section(&mut body, follow_up, lang);
    sheet_page(lang, &title, head, &body)
}

fn progress_section(body: &mut String, boards: &[Board], progress: &[Progress], lang: Lang) {
    let l = lang.code();
    let with: Vec<&Progress> = progress.iter().filter(|p| !p.indexes.is_empty()).collect();
    if with.is_empty() {
        return;
    }
    let _ = write!(
        body,
        "<section class=\"progress\"><h2>{}</h2><p class=\"muted\">{}</p><table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Tiến bộ so với lần khảo sát trước", "Progress since the earlier visits"),
        lang.pick(
            "Các cơ sở có phiếu hoàn thành ở hội thảo này và ở một lần trước; phiếu nháp không tính.",
            "Establishments with a complete response here and at an earlier visit; drafts are left out."
        ),
        lang.pick("Khảo sát", "Survey"),
        lang.pick("Số cơ sở", "Establishments"),
        lang.pick("Chỉ số trước", "Index then"),
        lang.pick("Chỉ số nay", "Index now"),
        lang.pick("Thay đổi", "Change"),
        lang.pick("Mức: lên / giữ / xuống", "Level: up / same / down"),
        lang.pick("Khía cạnh thay đổi nhiều nhất", "Dimensions that moved most")
    );
    for p in with {
        let title = boards
            .iter()
            .find(|b| b.columns.survey.id == p.survey)
            .map_or(p.survey.as_str(), |b| b.columns.survey.title.get(l));
        let then = crate::fieldwork::summaries::mean(p.indexes.iter().map(|(b, _)| *b));
        let now = crate::fieldwork::summaries::mean(p.indexes.iter().map(|(_, a)| *a));
        let moved: Vec<String> = p
            .moved
            .iter()
            .map(|(d, c)| format!("{} ({})", esc(d), signed(Some(*c), lang)))
            .collect();
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} / {} / {}</td><td>{}</td></tr>",
            esc(title),
            p.indexes.len(),
            score_text(then, lang),
            score_text(now, lang),
            signed(now.zip(then).map(|(a, b)| a - b), lang),
            p.level_up,
            p.level_same,
            p.level_down,
            moved.join("; ")
        );
    }
    body.push_str("</tbody></table></section>\n");
}

fn session_survey_section(body: &mut String, board: &Board, lang: Lang) {
    let l = lang.code();
    let survey = &board.columns.survey;
    let totals = &board.totals;
    let _ = write!(
        body,
        "<section class=\"survey\" data-survey=\"{}\"><h2>{} <span class=\"muted\">({} {})</span></h2>",
        esc(&survey.id),
        esc(survey.title.get(l)),
        board.rows.len(),
        lang.pick("cơ sở", "establishments")
    );
    drafts_note(
        body,
        totals.drafts,
        lang.pick(
            "phiếu nháp không tính vào xếp hạng, phân bố mức và điểm trung bình.",
            "draft responses are left out of the ranking, the levels and the averages.",
        ),
    );
    let _ = write!(
        body,
        "<section class=\"levels\"><h3>{}</h3><table><thead><tr><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        lang.pick("Phân bố mức độ", "Levels"),
        lang.pick("Mức độ", "Level"),
        lang.pick("Số cơ sở", "Establishments")
    );
    for (level, n) in survey.levels.iter().zip(&totals.level_counts) {
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"num\">{n}</td></tr>",
            esc(level.label.get(l))
        );
    }
    if totals.without_level > 0 {
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            lang.pick("Chưa xếp mức", "No level yet"),
            totals.without_level
        );
    }
    body.push_str("</tbody></table></section>");
    let bars: Vec<Bar> = survey
        .dimensions
        .iter()
        .zip(&totals.averages)
        .map(|(d, average)| Bar {
            label: format!("{}. {}", d.id, d.title.get(l)),
            value: *average,
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
            &bars,
            lang
        )
    );
    let _ = write!(
        body,
        "<section class=\"ranking\"><h3>{}</h3><table><thead><tr><th class=\"num\">#</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Xếp hạng", "Ranking"),
        lang.pick("Cơ sở", "Establishment"),
        lang.pick("Chỉ số", "Index"),
        lang.pick("Mức độ", "Level")
    );
    for row in &board.rows {
        let card = &row.scored.card;
        let own = &row.scored.pinned.survey;
        let level = match row.state {
            State::Draft { answered } => format!("{} {answered}%", lang.pick("nháp", "draft")),
            _ => card
                .level
                .map_or("–", |i| own.levels[i].label.get(l))
                .to_owned(),
        };
        let _ = write!(
            body,
            "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            row.rank.map(|r| r.to_string()).unwrap_or_default(),
            esc(&row.establishment.name),
            score_text(card.index, lang),
            esc(&level)
        );
    }
    body.push_str("</tbody></table></section></section>\n");
}

/// The follow-up list on a page of its own: per session (`scope` names it) or overall.
pub fn follow_up_page(scope: &str, list: &FollowUpList, head: &Head, lang: Lang) -> String {
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
    follow_up_section(&mut body, list, lang);
    sheet_page(lang, &title, head, &body)
}

/// The follow-up list as a page section, one table per kind of support.
pub fn follow_up_section(body: &mut String, list: &FollowUpList, lang: Lang) {
    let l = lang.code();
    let groups = list.groups(lang);
    let _ = write!(
        body,
        "<section class=\"followup\"><h2>{}</h2>",
        lang.pick("Danh sách hỗ trợ tiếp theo", "Follow-up list")
    );
    drafts_note(
        body,
        list.drafts_left_out,
        lang.pick(
            "phiếu mới nhất còn là nháp, chưa đưa vào danh sách.",
            "latest responses are still drafts and are left out.",
        ),
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
    for g in &groups {
        group_table(body, g, l, lang);
    }
    body.push_str("</section>\n");
}

/// How many drafts a table leaves out, when it leaves any out.
fn drafts_note(body: &mut String, drafts: usize, what: &str) {
    if drafts > 0 {
        let _ = write!(body, "<p class=\"muted drafts\">{drafts} {what}</p>");
    }
}

fn group_table(body: &mut String, g: &SupportGroup, l: &str, lang: Lang) {
    let _ = write!(
        body,
        "<section class=\"group\" data-support=\"{}\"><h3>{} <span class=\"muted\">({} {})</span></h3><table><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
        esc(g.support.label.get(l)),
        esc(g.support.label.get(l)),
        g.establishments(),
        lang.pick("cơ sở", "establishments"),
        lang.pick("Cơ sở", "Establishment"),
        lang.pick("Khía cạnh", "Dimension"),
        lang.pick("Điểm", "Score"),
        lang.pick("Khuyến nghị", "Advice")
    );
    for n in &g.needs {
        let survey = &n.entry.scored.pinned.survey;
        let dim = &survey.dimensions[n.weak.dimension];
        let advice = n.weak.advice(survey).map_or("", |a| a.text.get(l));
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{} {}. {}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&n.entry.establishment.name),
            esc(&survey.id.to_uppercase()),
            esc(&dim.id),
            esc(dim.title.get(l)),
            score_text(Some(n.weak.score), lang),
            esc(advice)
        );
    }
    body.push_str("</tbody></table></section>");
}
