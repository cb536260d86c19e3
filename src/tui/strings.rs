//! Every text the workshop screens show, in Vietnamese (the default) and English.

pub use crate::survey::text::Lang;

macro_rules! texts {
    ($($name:ident => $vi:literal, $en:literal;)*) => {
        /// One text of the screens, in both languages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum S { $($name),* }

        impl S {
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((S::$name, Lang::Vi) => $vi, (S::$name, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    AppTitle => "sansang · khảo sát mức độ sẵn sàng", "sansang · readiness surveys";
    WelcomeTitle => "Chào mừng", "Welcome";
    WelcomeBody => "Chương trình ghi hai phiếu khảo sát cho mỗi cơ sở công nghiệp nông thôn tại hội thảo khuyến công: mức độ sẵn sàng sản xuất sạch hơn (SXSH) và chuyển đổi số (DX). Mỗi câu trả lời được lưu ngay khi nhập; kết quả và lời khuyên hiện ra khi phiếu xong. Không cần mạng.",
        "This program records two surveys per rural-industry establishment at an industrial-extension workshop: cleaner-production readiness (SXSH) and digital-transformation readiness (DX). Every answer is saved the moment it is entered; the result and advice appear when a survey is done. No network needed.";
    WelcomeStart => "Bắt đầu một hội thảo mới", "Start a new workshop";
    WelcomeDemo => "Mở hội thảo mẫu để làm quen", "Open the demo workshop to try it out";
    Sessions => "Hội thảo", "Workshops";
    ColDate => "Ngày", "Date";
    ColName => "Tên", "Name";
    ColPlace => "Địa điểm", "Place";
    ColEstablishments => "Cơ sở", "Establishments";
    ColComplete => "Phiếu xong", "Complete";
    ColIndex => "Chỉ số", "Index";
    ColLevel => "Mức", "Level";
    NewSession => "Hội thảo mới", "New workshop";
    NewEstablishment => "Cơ sở mới", "New establishment";
    FieldName => "Tên", "Name";
    FieldDate => "Ngày", "Date";
    FieldCommune => "Xã/phường", "Commune/ward";
    FieldProvince => "Tỉnh/thành phố", "Province/city";
    FieldKind => "Loại hình", "Legal form";
    FieldSector => "Sản phẩm chính", "Main products";
    PickTitle => "Chọn cơ sở đã có (gõ không dấu cũng được)", "Pick an existing establishment (diacritics optional)";
    Search => "Tìm", "Search";
    Filter => "Lọc (tên, xã)", "Filter (name, commune)";
    KeyStates => "lọc theo trạng thái", "filter by state";
    StatesDone => "đã xong", "done";
    StatesDrafts => "nháp", "drafts";
    NoMatches => "Không có cơ sở nào khớp.", "No establishment matches.";
    NoEstablishments => "Chưa có cơ sở nào. Nhấn a để thêm mới, f để chọn cơ sở đã có.", "No establishments yet. Press a to add one, f to pick an existing one.";
    NoSessions => "Chưa có hội thảo nào. Nhấn n để tạo.", "No workshops yet. Press n to create one.";
    CurrentSurvey => "Khảo sát", "Survey";
    Draft => "nháp", "draft";
    Complete => "xong", "complete";
    NotStarted => "chưa làm", "not started";
    KeyQuit => "thoát", "quit";
    KeyHelp => "mọi phím", "all keys";
    KeyLang => "English", "Tiếng Việt";
    KeyOpen => "mở", "open";
    KeyNew => "hội thảo mới", "new workshop";
    KeyDemo => "hội thảo mẫu", "demo workshop";
    KeyBack => "quay lại", "back";
    KeyMove => "di chuyển", "move";
    KeyAdd => "thêm cơ sở", "add establishment";
    KeyPick => "chọn cơ sở có sẵn", "pick existing";
    KeyFilter => "lọc", "filter";
    KeySurvey => "đổi khảo sát", "switch survey";
    KeyEnterSurvey => "nhập phiếu", "enter survey";
    KeyResult => "kết quả", "result";
    KeyDashboard => "bảng xếp hạng", "dashboard";
    KeyExport => "xuất Excel", "export to Excel";
    KeyNextField => "ô sau", "next field";
    KeyPrevField => "ô trước", "previous field";
    KeySave => "lưu", "save";
    KeyCancel => "hủy", "cancel";
    KeyChoose => "chọn", "choose";
    KeyToggle => "bật/tắt lựa chọn", "toggle option";
    KeyNext => "câu sau", "next question";
    KeyPrev => "câu trước", "previous question";
    KeyDimension => "nhóm trước/sau", "previous/next dimension";
    KeyNa => "không áp dụng", "not applicable";
    KeyGuidance => "hướng dẫn", "guidance";
    KeyFinish => "hoàn thành phiếu", "mark complete";
    KeyLeave => "rời phiếu (đã lưu)", "leave (saved)";
    KeySort => "cột sắp xếp", "sort column";
    KeyReverse => "đảo chiều", "reverse";
    KeyKind => "đổi loại hình", "change legal form";
    KeyJump => "tới câu thiếu", "go to missing";
    KeySeeResult => "xem kết quả", "see the result";
    JumpTo => "Tới câu thiếu số", "Go to missing question";
    NoSuchMissing => "Không có câu thiếu số", "No missing question numbered";
    NoNotApplicable => "Câu này không có lựa chọn «không áp dụng».", "This question has no \"not applicable\" option.";
    KeyType => "gõ câu trả lời", "type the answer";
    Saved => "✓ đã lưu", "✓ saved";
    NotAnswered => "chưa trả lời", "not answered";
    Required => "bắt buộc", "required";
    Optional => "không bắt buộc", "optional";
    Profile => "Thông tin chung", "Profile";
    Progress => "Tiến độ", "Progress";
    Question => "Câu", "Question";
    EndTitle => "Cuối phiếu", "End of the survey";
    MissingList => "Còn thiếu các câu bắt buộc (gõ số rồi Enter để tới câu đó):", "Required questions still missing (type its number, then Enter, to go to one):";
    ReadyToFinish => "Đã đủ các câu bắt buộc. Enter: đánh dấu hoàn thành và xem kết quả.", "Every required question is answered. Enter: mark complete and see the result.";
    AlreadyComplete => "Phiếu đã hoàn thành. Enter: xem kết quả.", "This survey is complete. Enter: see the result.";
    CompleteRefused => "Chưa thể hoàn thành: còn câu bắt buộc chưa trả lời.", "Cannot mark complete: required questions are unanswered.";
    ReasonTitle => "Phiếu đã hoàn thành. Lý do sửa câu trả lời (ghi vào nhật ký):", "This survey is complete. Reason for the change (kept in the audit trail):";
    ReasonNeeded => "Cần ghi lý do để sửa phiếu đã hoàn thành.", "A reason is needed to change a complete survey.";
    NoteContinue => "Thông tin cho người phỏng vấn. Enter: tiếp tục.", "Information for the interviewer. Enter: continue.";
    TypeAnswer => "Gõ câu trả lời, Enter để lưu", "Type the answer, Enter to save";
    Refused => "Không nhận", "Refused";
    RefusedEscAgain => "Không nhận (Esc lần nữa: bỏ giá trị này, giữ câu trả lời đã lưu)", "Refused (Esc again: drop this value, keep the saved answer)";
    Yes => "Có", "Yes";
    No => "Không", "No";
    NotApplicable => "Không áp dụng", "Not applicable";
    Guidance => "Hướng dẫn", "Guidance";
    NoGuidance => "Câu này không có hướng dẫn.", "This question has no guidance.";
    ResultTitle => "Kết quả", "Result";
    Index => "Chỉ số", "Index";
    Level => "Mức", "Level";
    LowConfidence => "độ tin cậy thấp", "low confidence";
    Weakest => "Nhóm yếu nhất và đề xuất", "Weakest dimensions and advice";
    Support => "Hỗ trợ", "Support";
    Levers => "Cải thiện nhanh nhất (trao đổi ngay với chủ cơ sở)", "Quickest gains (discuss with the owner now)";
    Change => "Thay đổi so với lần trước", "Change since last time";
    NoScore => "chưa có điểm", "no score yet";
    Incomplete => "phiếu chưa xong", "survey not complete";
    DashboardTitle => "Bảng xếp hạng", "Dashboard";
    Average => "Trung bình", "Average";
    LevelCounts => "Số cơ sở theo mức", "Establishments per level";
    DraftsLeftOut => "phiếu nháp không tính vào xếp hạng và trung bình", "drafts left out of the ranks and averages";
    Help => "Các phím", "Keys";
    HelpAlways => "Luôn có: F1 mọi phím (? cũng được khi không gõ chữ) · F2 đổi ngôn ngữ · Ctrl+C thoát (mọi câu đã lưu)", "Always: F1 all keys (? too when not typing) · F2 language · Ctrl+C quit (every answer is saved)";
    Duplicate => "Có thể đã có cơ sở này. Esc rồi f để chọn cơ sở đó, hoặc Ctrl+S lần nữa để vẫn thêm mới", "This establishment may already exist. Esc, then f to pick it, or Ctrl+S again to add a new one anyway";
    NameNeeded => "Cần nhập tên.", "A name is needed.";
    BadDate => "Ngày viết dd/mm/yyyy, ví dụ 26/11/2026.", "Write the date dd/mm/yyyy, e.g. 26/11/2026.";
    SaveFailed => "Chưa lưu được", "Not saved";
    Exported => "Đã xuất bảng tính", "Spreadsheet written";
    ExportFailed => "Chưa xuất được", "Not exported";
    TooSmall => "Cửa sổ quá nhỏ: hãy phóng to (tối thiểu 64×18). Trong lúc này các phím không có tác dụng; Ctrl+C thoát (mọi câu trả lời đã lưu).", "Window too small: enlarge it (at least 64×18). Until then keys do nothing; Ctrl+C quits (every answer is saved).";
    Demo => "Hội thảo mẫu", "Demo workshop";
    EditSession => "Sửa hội thảo", "Edit workshop";
    EditEstablishment => "Sửa thông tin cơ sở", "Edit establishment";
    FieldTrainer => "Giảng viên", "Trainer";
    FieldCentre => "Tên trung tâm", "Centre";
    // The reasons kept in the audit trail for changes confirmed with y on the workshop
    // screen, in the language the trainer was working in.
    ReasonRemoved => "bỏ khỏi hội thảo trên màn hình hội thảo", "removed from the workshop on the workshop screen";
    ReasonDeleted => "xóa phiếu trên màn hình hội thảo", "deleted on the workshop screen";
    ReasonReset => "làm lại phiếu trên màn hình hội thảo", "reset on the workshop screen";
    FieldContact => "Người liên hệ", "Contact person";
    FieldPhone => "Điện thoại", "Phone";
    FieldNotes => "Ghi chú", "Notes";
    ChoiceHowTo => "Ô này là lựa chọn: ←→ hoặc số 1-7 (7: chưa biết); Tab sang ô sau.", "This field is a choice: ←→ or 1-7 (7: not known); Tab to the next field.";
    NotKnown => "chưa biết", "not known";
    KeyEdit => "sửa", "edit";
    KeyRemove => "bỏ khỏi hội thảo", "remove from workshop";
    KeyDeleteResponse => "thu hồi phiếu", "delete response";
    KeyResetResponse => "làm lại phiếu", "reset response";
    KeyYes => "đồng ý", "yes";
    KeyNo => "thôi", "no";
    ConfirmRemove => "Bỏ cơ sở này khỏi hội thảo? Phiếu của cơ sở tại hội thảo này được thu hồi (vẫn khôi phục được); cơ sở vẫn còn trong danh sách chung.", "Remove this establishment from the workshop? Its responses here are deleted (still restorable); the establishment stays in the database.";
    ConfirmDelete => "Thu hồi phiếu này? Phiếu không còn được tính điểm, xếp hạng hay xuất ra; vẫn khôi phục được bằng lệnh sansang response restore.", "Delete this response? It no longer counts in any score, ranking or export; sansang response restore brings it back.";
    ConfirmReset => "Xoá mọi câu trả lời của phiếu này để làm lại từ đầu? Mọi thay đổi được ghi vào nhật ký.", "Clear every answer of this response to start again? Every change is kept in the audit trail.";
    Removed => "Đã bỏ khỏi hội thảo", "Removed from the workshop";
    ResponseDeleted => "Đã thu hồi phiếu", "Response deleted";
    ResponseReset => "Đã xoá các câu trả lời, phiếu trở về nháp", "Answers cleared; the response is a draft again";
    NoResponse => "Cơ sở này chưa có phiếu khảo sát này.", "This establishment has no response to this survey.";
    Edited => "Đã lưu thay đổi", "Changes saved";
    SameAt => "ở", "at";
    MoreOptions => "còn lựa chọn, phím", "more options, keys";
    Printed => "Đã ghi phiếu kết quả", "Result sheet written";
    PrintFailed => "Chưa ghi được phiếu kết quả", "Result sheet not written";
    KeyPrint => "ghi phiếu để in", "sheet to print";
    KeyOpenFile => "mở tệp vừa ghi", "open the file";
    OpenFailed => "Không mở được tệp", "Could not open the file";
}

/// The detail of a notice: text to show as it is, or a refusal to say in the screen's language.
#[derive(Debug, Clone)]
pub enum Detail {
    Text(String),
    /// A file written: shown whole, shortened in the middle where it does not fit.
    Path(std::path::PathBuf),
    Error(std::sync::Arc<crate::fieldwork::FieldworkError>),
}

impl Detail {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Detail::Text(t) => t.clone(),
            Detail::Path(p) => p.display().to_string(),
            Detail::Error(e) => describe(e, lang),
        }
    }
}

/// A refusal of the workshop's rules or of the database, in `lang`: what happened and what
/// to do. The file and record it concerns stay as the store names them.
pub fn describe(e: &crate::fieldwork::FieldworkError, lang: Lang) -> String {
    use crate::fieldwork::FieldworkError as F;
    use crate::store::StoreError as E;
    let vi = match e {
        F::Store(E::DiskFull { path }) => format!(
            "ổ đĩa chứa {} đã đầy; câu trả lời cuối CHƯA được lưu (mọi câu trước đó vẫn còn). Hãy giải phóng dung lượng rồi thử lại",
            path.display()
        ),
        F::Store(E::AlreadyOpen { path }) => format!(
            "cơ sở dữ liệu {} đang mở ở một cửa sổ sansang khác; hãy đóng cửa sổ đó rồi thử lại",
            path.display()
        ),
        F::Store(E::Damaged { path, .. }) => format!(
            "tệp dữ liệu {} bị hỏng; không ghi thêm gì vào đó. Hãy báo cho cán bộ phụ trách và giữ nguyên tệp",
            path.display()
        ),
        F::Store(E::AfterFailedWrite { .. }) => "một lần ghi trước đã lỗi (ổ đĩa đầy hoặc bị rút ra); hãy thoát sansang (Ctrl+C) rồi mở lại. Mọi câu đã lưu trước đó vẫn còn".to_owned(),
        F::Store(E::Unwritable { path, .. }) => format!(
            "không ghi được vào {}; hãy chọn thư mục có quyền ghi",
            path.display()
        ),
        F::ReasonNeeded { .. } => S::ReasonNeeded.get(Lang::Vi).to_owned(),
        F::Incomplete { missing, .. } => format!(
            "còn {} câu bắt buộc chưa trả lời: {}",
            missing.len(),
            missing.join(", ")
        ),
        other => return other.to_string(),
    };
    match lang {
        Lang::Vi => vi,
        Lang::En => e.to_string(),
    }
}

/// Stored text made safe to print: control characters (escape sequences, bells,
/// line breaks) become visible replacement marks instead of reaching the terminal.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// What a typed answer must look like, in the trainer's language: the
/// question's own constraint message where it has one. `None` where the
/// survey core's reason is all there is.
pub fn expected(q: &crate::survey::Question, lang: Lang) -> Option<String> {
    use crate::survey::Kind;
    use crate::survey::answer::format_number as num;
    let vi = lang == Lang::Vi;
    let mut text = match &q.kind {
        Kind::Number(rule) => {
            if let Some(m) = &rule.constraint_message {
                return Some(m.get(lang.code()).to_owned());
            }
            let what = match (rule.integer, vi) {
                (true, true) => "một số nguyên",
                (false, true) => "một số",
                (true, false) => "a whole number",
                (false, false) => "a number",
            };
            match (rule.min, rule.max, vi) {
                (Some(a), Some(b), true) => format!("Cần {what} từ {} đến {}", num(a), num(b)),
                (Some(a), Some(b), false) => {
                    format!("Expected {what} from {} to {}", num(a), num(b))
                }
                (Some(a), None, true) => format!("Cần {what} từ {} trở lên", num(a)),
                (Some(a), None, false) => format!("Expected {what} of at least {}", num(a)),
                (None, Some(b), true) => format!("Cần {what} không quá {}", num(b)),
                (None, Some(b), false) => format!("Expected {what} of at most {}", num(b)),
                (None, None, true) => format!("Cần {what}"),
                (None, None, false) => format!("Expected {what}"),
            }
        }
        Kind::Text {
            max_length,
            constraint_message,
        } => {
            if let Some(m) = constraint_message {
                return Some(m.get(lang.code()).to_owned());
            }
            let n = (*max_length)?;
            if vi {
                format!("Tối đa {n} ký tự")
            } else {
                format!("At most {n} characters")
            }
        }
        Kind::Date if vi => "Ngày viết dd/mm/yyyy, ví dụ 15/03/2010".to_owned(),
        Kind::Date => "A date written dd/mm/yyyy, e.g. 15/03/2010".to_owned(),
        Kind::Scale { min, max, .. } if vi => format!("Cần một số nguyên từ {min} đến {max}"),
        Kind::Scale { min, max, .. } => format!("Expected a whole number from {min} to {max}"),
        _ => return None,
    };
    if q.kind.allows_na() {
        text.push_str(if vi {
            " (hoặc na: không áp dụng)"
        } else {
            " (or na: not applicable)"
        });
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_pass() {
        assert_eq!(clean("Chè\u{1b}[2J Thái"), "Chè\u{fffd}[2J Thái");
        assert_eq!(clean("Phú Lương"), "Phú Lương");
    }

    #[test]
    fn a_refusal_says_what_is_expected_in_either_language() {
        let json = r#"{"format": 1, "id": "t", "version": "1", "languages": ["vi", "en"],
          "title": {"vi": "T", "en": "T"},
          "dimensions": [{"id": "X", "title": {"vi": "X", "en": "X"}, "weight": 1}],
          "levels": [{"min": 0, "label": {"vi": "L", "en": "L"}}],
          "questions": [
            {"id": "N", "type": "number", "min": 0, "max": 500, "integer": true, "allow_na": true,
             "text": {"vi": "Số?", "en": "How many?"}},
            {"id": "T", "type": "text", "max_length": 5, "text": {"vi": "Mã?", "en": "Code?"},
             "constraint_message": {"vi": "Mã có 5 ký tự", "en": "Codes have 5 characters"}},
            {"id": "Y", "type": "yesno", "dimension": "X", "text": {"vi": "Có?", "en": "Yes?"}}]}"#;
        let survey = crate::survey::load_survey("t.json", json.as_bytes())
            .unwrap()
            .survey;
        let q = |id| survey.question(id).unwrap();
        assert_eq!(
            expected(q("N"), Lang::Vi).unwrap(),
            "Cần một số nguyên từ 0 đến 500 (hoặc na: không áp dụng)"
        );
        assert_eq!(
            expected(q("N"), Lang::En).unwrap(),
            "Expected a whole number from 0 to 500 (or na: not applicable)"
        );
        assert_eq!(
            expected(q("T"), Lang::En).unwrap(),
            "Codes have 5 characters"
        );
        assert_eq!(expected(q("Y"), Lang::Vi), None);
    }
}
