"""Vietnamese column of :mod:`adkit.messages.web_en` (same keys, same terms as :mod:`adkit.messages.vi`)."""

from __future__ import annotations

WEB_VI: dict[str, str] = {
    "help.web.summary": "ghi một trang web tĩnh chạy adkit trong trình duyệt (không cần cài đặt, chạy được khi ngoại tuyến)",
    "help.web.description": "Ghi một trang web tĩnh chạy chính adkit ngay trong trang (Pyodide): ô nhập công thức, "
                            "các bảng dấu vết, trình phát lượt, Jacobian và chi phí, và thẻ luyện tập có chấm bài. "
                            "Khi dựng, lệnh tải Pyodide bằng npm và các gói wheel bằng pip (lưu đệm trong "
                            "~/.cache/adkit); trang không tải gì từ nơi khác. Hãy phục vụ thư mục "
                            "(python3 -m http.server -d DIR): trang mở trực tiếp từ đĩa không nạp được Pyodide.",
    "help.web.output": "thư mục sẽ ghi (index.html, app.js, pyodide/, wheels/)",
    "help.web.with_sympy": "kèm thêm sympy và mpmath (thêm ≈ 7 MB), chỉ nạp khi người học yêu cầu kiểm tra",
    "web.needs_npm": "adkit web tải Pyodide bằng npm, nhưng npm chưa được cài (Debian: apt-get install npm)",
    "web.fetch_failed": "không tải được {what}: {reason}",
    "web.bytecode_failed": "không biên dịch được mã byte của trang bằng {what}: {reason}",
    "web.not_pure": "{wheel} không phải gói wheel thuần Python nên không chạy được trong trình duyệt",
    "web.built": "đã ghi {path}: {size} MB (Pyodide {pyodide}, adkit {version}); phục vụ bằng: python3 -m http.server -d {path}",
    "web.ui.title": "adkit: vi phân tự động trong trình duyệt",
    "web.ui.loading": "Đang nạp Python và adkit vào trang (vài giây, một lần)…",
    "web.ui.ready": "Sẵn sàng: adkit {version} chạy trong trang này; từ giờ chạy được cả khi ngoại tuyến.",
    "web.ui.failed": "adkit không khởi động được trong trang này: {reason}",
    "web.ui.formula": "Công thức",
    "web.ui.point": "tại",
    "web.ui.outputs": "đầu ra",
    "web.ui.mode": "chế độ",
    "web.ui.mode_auto": "tự động",
    "web.ui.mode_forward": "tiến",
    "web.ui.mode_reverse": "ngược",
    "web.ui.mode_both": "cả hai",
    "web.ui.style": "kiểu",
    "web.ui.style_default": "mặc định",
    "web.ui.style_textbook": "sách giáo khoa",
    "web.ui.language": "ngôn ngữ",
    "web.ui.run": "Lập dấu vết",
    "web.ui.share": "Liên kết tới công thức này",
    "web.ui.tab_table": "Bảng dấu vết",
    "web.ui.tab_player": "Trình phát lượt",
    "web.ui.tab_jacobian": "Jacobian và chi phí",
    "web.ui.tab_practise": "Luyện tập",
    "web.ui.check": "Kiểm tra bằng sympy",
    "web.ui.checking": "Đang nạp sympy và kiểm tra từng con số…",
    "web.ui.no_sympy": "Trang này được dựng không kèm sympy (adkit web --with-sympy sẽ thêm vào).",
    "web.ui.difficulty": "độ khó",
    "web.ui.new_exercise": "Bài mới",
    "web.ui.mark": "Chấm bài của tôi",
    "web.ui.practise_note": "Điền vào các ô trống rồi chấm: đúng, chưa đủ chính xác, sai kéo theo (đúng theo số sai của chính bạn) hoặc sai.",
}
