//! The profile fields and the legal forms: names, codes and labels.

use super::profile::*;
use super::text::Lang;

#[test]
fn every_field_has_a_unique_name_and_fitting_codes() {
    for f in ProfileField::ALL {
        assert_eq!(ProfileField::from_name(f.name()), Some(f));
        let codes = f.codes();
        let choice = matches!(f.kind(), FieldKind::Single | FieldKind::Multi);
        assert_eq!(choice, !codes.is_empty(), "{f}");
        for (i, c) in codes.iter().enumerate() {
            assert!(
                codes[..i].iter().all(|d| d.value != c.value),
                "{f}: {}",
                c.value
            );
            assert_eq!(f.label(c.value, Lang::En), Some(c.en));
        }
    }
    assert_eq!(ProfileField::from_name("sector"), None);
    assert_eq!(ProfileField::Certifications.kind(), FieldKind::Multi);
    assert!(ProfileField::Certifications.code("none").unwrap().exclusive);
}

#[test]
fn the_kind_field_is_the_establishment_kind() {
    let codes: Vec<&str> = ProfileField::Kind.codes().iter().map(|c| c.value).collect();
    let kinds: Vec<&str> = EstablishmentKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(codes, kinds);
    for k in EstablishmentKind::ALL {
        assert_eq!(EstablishmentKind::from_code(k.code()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        assert_eq!(k.code().parse(), Ok(k));
        assert_eq!(k.label(Lang::Vi).parse(), Ok(k));
        assert_eq!(k.label(Lang::En).parse(), Ok(k));
    }
}

#[test]
fn kinds_parse_from_the_names_people_write() {
    use EstablishmentKind::*;
    for (text, kind) in [
        ("Hộ kinh doanh", HoKinhDoanh),
        ("ho kinh doanh", HoKinhDoanh),
        ("hộ kinh doanh (đã đăng ký)", HoKinhDoanh),
        ("Doanh nghiệp", DoanhNghiep),
        ("hộ chưa đăng ký", HoChuaDangKy),
        ("HO_CHUA_DANG_KY", HoChuaDangKy),
        ("Liên hiệp hợp tác xã", LienHiepHtx),
        ("lien-hiep-htx", LienHiepHtx),
        ("  tổ   hợp tác ", ToHopTac),
    ] {
        assert_eq!(text.parse(), Ok(kind), "{text}");
    }
    let err = "xưởng".parse::<EstablishmentKind>().unwrap_err();
    assert!(
        err.contains("ho_chua_dang_ky") && err.contains("lien_hiep_htx"),
        "{err}"
    );
}
