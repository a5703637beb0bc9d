"""Vietnamese column of :mod:`adkit.messages.verify_en` (same keys, same terms as :mod:`adkit.messages.vi`)."""

from __future__ import annotations

VERIFY_VI: dict[str, str] = {
    "verify.title_symbolic": "Đạo hàm riêng dạng ký hiệu (sympy, dựng từ danh sách Wengert)",
    "verify.title_checks": "Kiểm tra: các bộ máy so với sympy (tương đối {rtol}) và sai phân hữu hạn trung tâm",
    "verify.col.input": "đầu vào",
    "verify.col.forward": "tiến",
    "verify.col.reverse": "ngược",
    "verify.col.sympy": "sympy",
    "verify.col.fd": "sai phân hữu hạn",
    "verify.col.rel_error": "sai số tương đối",
    "verify.col.check": "kiểm tra",
    "verify.ok": "đã kiểm chứng: mọi con số được kiểm tra đều khớp ({rows} kiểm tra theo dòng, {derivatives}, {seconds:.2f}\u00a0s)",
    "verify.failed": "kiểm chứng THẤT BẠI:",
    "verify.row_failed": "{row}: {quantity} là {engine!r} nhưng sympy cho {exact!r} (sai số tương đối {error})",
    "verify.input_failed": "∂{output}/∂{name}: ngược {engine!r}, tiến {forward!r}, sympy {exact!r}, sai phân hữu hạn {fd!r} không khớp nhau",
    "verify.timeout": "sympy không xong trong {seconds:g} s (--verify-timeout); các kiểm tra thiếu giá trị sympy chỉ dựa vào sai phân hữu hạn và tiến = ngược",
    "verify.sympy_error": "sympy không hoàn thành được ({error}); chỉ kiểm tra bằng số",
    "verify.kink": "{step} nằm tại một điểm không khả vi: {note}. Đạo hàm của sympy ở đó có thể khác (ví dụ Heaviside(0) = 1/2, sign(0) = 0); các dòng như vậy được đánh dấu là quy ước, không phải lỗi",
    "verify.fd_skipped": "sai phân hữu hạn cho {name} không được đánh giá: lưới tính ra ngoài miền xác định hoặc đi qua một điểm gãy",
    "verify.rows_unchecked": "sympy không tính được một số dòng (giá trị phức hoặc không xác định); chúng được đánh dấu là chưa kiểm tra",
    "verify.status.ok": "✓",
    "verify.status.failed": "✗",
    "verify.status.kink": "quy ước",
    "verify.status.unchecked": "chưa kiểm tra",
}
