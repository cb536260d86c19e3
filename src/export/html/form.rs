//! The blank questionnaire for paper in the hall: the establishment's details
//! at the top, then each question with its options numbered exactly as the
//! entry screen's digit keys, and skip instructions in words.

use std::fmt::Write;

use super::skip::{go_to, go_to_words, only_if_words};
use super::{esc, page};
use crate::export::keys::entry_keys;
use crate::export::strings::Lang;
use crate::survey::Survey;
use crate::survey::answer::{format_number, number_bounds};
use crate::survey::model::NumberRule;
use crate::survey::model::{Kind, Question};

/// The whole printable page for `survey`.
pub fn blank_form(survey: &Survey, lang: Lang) -> String {
    let l = lang.code();
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<header><h1>{}</h1><p class=\"muted\">{} {} · {}</p><p>{}</p></header>",
        esc(survey.title.get(l)),
        lang.pick("Phiếu khảo sát", "Questionnaire"),
        esc(&survey.id),
        esc(&format!(
            "{} {}",
            lang.pick("phiên bản", "version"),
            survey.version
        )),
        lang.pick(
            "Khoanh tròn số của câu trả lời (câu nhiều lựa chọn: khoanh mọi số phù hợp). Khi nhập vào máy, gõ đúng số đã khoanh.",
            "Circle the number of the answer (multiple-choice questions: circle every number that applies). When keying in, type the circled number."
        )
    );
    establishment_fields(&mut body, lang);
    let mut dimension = usize::MAX;
    for (i, question) in survey.questions.iter().enumerate() {
        let d = question.dimension.unwrap_or(usize::MAX - 1);
        if d != dimension {
            dimension = d;
            let heading = match question.dimension {
                Some(d) => format!(
                    "{}. {}",
                    survey.dimensions[d].id,
                    survey.dimensions[d].title.get(l)
                ),
                None => lang.pick("Thông tin chung", "General information").into(),
            };
            let _ = writeln!(body, "<h2>{}</h2>", esc(&heading));
        }
        question_block(&mut body, survey, i, question, lang);
    }
    let _ = writeln!(
        body,
        "<p class=\"muted\">{}</p>",
        lang.pick("Cảm ơn ông/bà đã trả lời.", "Thank you for your answers.")
    );
    page(lang, survey.title.get(l), &body)
}

fn establishment_fields(body: &mut String, lang: Lang) {
    let fields = [
        lang.pick("Tên cơ sở", "Establishment"),
        lang.pick(
            "Loại hình (hộ kinh doanh, tổ hợp tác, hợp tác xã, doanh nghiệp)",
            "Legal form (household business, cooperative group, cooperative, enterprise)",
        ),
        lang.pick("Ngành nghề", "Sector"),
        lang.pick("Xã/phường", "Commune or ward"),
        lang.pick("Tỉnh/thành phố", "Province"),
        lang.pick("Người liên hệ", "Contact person"),
        lang.pick("Điện thoại", "Phone"),
        lang.pick("Ngày khảo sát", "Date"),
    ];
    let _ = write!(
        body,
        "<section class=\"establishment\"><h2>{}</h2><table class=\"fields\">",
        lang.pick("Thông tin cơ sở", "The establishment")
    );
    for f in fields {
        let _ = write!(
            body,
            "<tr><td>{}:</td><td><span class=\"line\"></span></td></tr>",
            esc(f)
        );
    }
    body.push_str("</table></section>\n");
}

fn question_block(body: &mut String, survey: &Survey, at: usize, q: &Question, lang: Lang) {
    let l = lang.code();
    let _ = write!(
        body,
        "<section class=\"question\" id=\"q-{}\" data-question=\"{}\">",
        esc(&q.id),
        esc(&q.id)
    );
    if let Some(rule) = &q.show_if {
        let _ = write!(
            body,
            "<p class=\"skip\">{}</p>",
            esc(&only_if_words(survey, &rule.expr, lang))
        );
    }
    let _ = write!(
        body,
        "<h3><span class=\"qid\">{}</span>. {}{}</h3>",
        esc(&q.id),
        esc(q.text.get(l)),
        how_to_answer(q, lang)
    );
    if let Some(hint) = &q.hint {
        let _ = write!(body, "<p class=\"muted\">{}</p>", esc(hint.get(l)));
    }
    let keys = entry_keys(q, lang);
    if keys.is_empty() {
        body.push_str(&typed_answer(q, lang));
    } else {
        body.push_str("<ol class=\"options\">");
        for k in keys {
            let skip = go_to(survey, at, &k.value)
                .map(|target| {
                    format!(
                        "<span class=\"goto\">{}</span>",
                        esc(&go_to_words(survey, target, lang))
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                body,
                "<li data-key=\"{}\" data-value=\"{}\"><span class=\"key\">{}</span>{}{skip}</li>",
                k.key,
                esc(&k.value),
                k.key,
                esc(&k.label)
            );
        }
        body.push_str("</ol>");
    }
    body.push_str("</section>\n");
}

fn how_to_answer(q: &Question, lang: Lang) -> String {
    let words = match &q.kind {
        Kind::Multi { .. } => lang.pick("chọn mọi ý phù hợp", "choose all that apply"),
        Kind::Single { .. } | Kind::YesNo { .. } => lang.pick("chọn một", "choose one"),
        Kind::Scale { .. } if !entry_keys(q, lang).is_empty() => {
            lang.pick("chọn một", "choose one")
        }
        _ => return String::new(),
    };
    format!(" <span class=\"muted\">({words})</span>")
}

fn typed_answer(q: &Question, lang: Lang) -> String {
    let l = lang.code();
    match &q.kind {
        Kind::Number(rule) => {
            let unit = rule
                .unit
                .as_ref()
                .map(|u| format!(" {}", esc(u.get(l))))
                .unwrap_or_default();
            let na = if rule.allow_na {
                format!(
                    " <span class=\"muted\">{}</span>",
                    lang.pick(
                        "(ghi “na” nếu không áp dụng)",
                        "(write “na” if not applicable)"
                    )
                )
            } else {
                String::new()
            };
            let bounds = bounds_words(rule, lang)
                .map(|b| format!(" <span class=\"muted\">({})</span>", esc(&b)))
                .unwrap_or_default();
            format!("<p><span class=\"line\"></span>{unit}{bounds}{na}</p>")
        }
        Kind::Text { max_length, .. } => {
            let limit = max_length
                .map(|m| {
                    format!(
                        " <span class=\"muted\">({} {})</span>",
                        lang.pick("tối đa", "at most"),
                        esc(&format!(
                            "{} {}",
                            format_number(m as f64),
                            lang.pick("ký tự", "characters")
                        ))
                    )
                })
                .unwrap_or_default();
            format!("<p><span class=\"line\"></span>{limit}</p><p><span class=\"line\"></span></p>")
        }
        Kind::Scale { min, max, .. } => format!(
            "<p><span class=\"line\"></span> <span class=\"muted\">({})</span></p>",
            match lang {
                Lang::Vi => format!("số nguyên từ {min} đến {max}"),
                Lang::En => format!("a whole number from {min} to {max}"),
            }
        ),
        Kind::Date => format!(
            "<p>{} ____ / ____ / ________</p>",
            lang.pick("Ngày / tháng / năm:", "Day / month / year:")
        ),
        _ => String::new(),
    }
}

/// The allowed range of a number question, in the page's language.
fn bounds_words(rule: &NumberRule, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return (rule.min.is_some() || rule.max.is_some()).then(|| number_bounds(rule));
    }
    let what = if rule.integer { "số nguyên" } else { "số" };
    let n = |v: f64| format_number(v);
    match (rule.min, rule.max) {
        (Some(lo), Some(hi)) => Some(format!("{what} từ {} đến {}", n(lo), n(hi))),
        (Some(lo), None) => Some(format!("{what} từ {} trở lên", n(lo))),
        (None, Some(hi)) => Some(format!("{what} không quá {}", n(hi))),
        (None, None) => None,
    }
}
