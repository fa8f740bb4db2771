#!/usr/bin/env python3
"""Writes the roster fixtures the way Excel on Chinese Windows saves CSV.

Run once from this folder (python3 make_rosters.py); the outputs are committed.
Rows are lists of cells; quoting follows RFC 4180 and line ends are CRLF.
"""


def cell(text):
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv(rows):
    return "".join(",".join(cell(c) for c in row) + "\r\n" for row in rows)


def write(name, rows, encoding, bom=False):
    data = csv(rows).encode(encoding)
    with open(name, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + data)


NATIONAL = ["学号", "考生号", "姓名", "性别", "学院", "专业代码", "专业名称", "学历层次", "毕业年份", "生源地代码",
            "毕业去向类别代码", "单位名称", "统一社会信用代码", "单位性质代码", "单位行业代码", "单位所在地代码",
            "工作职位类别代码", "签约日期"]

# Excel "CSV (逗号分隔)" on Chinese Windows: GB18030/GBK, CRLF. 吴𠮷 needs GB18030's four-byte form.
write("roster_gb18030_crlf.csv", [
    NATIONAL,
    ["2021010101", "21350102150001", "张三", "1", "自动化学院", "080801", "自动化", "本科", "2025", "350102",
     "10", "福州智控科技有限公司", "91350100M000100Y43", "39", "34", "350100", "13", "2025-03-15"],
    ["2021010102", "21440301150002", "李四", "2", "AUTO", "080801", "自动化", "本科", "2025", "440300",
     "70", "", "", "", "", "", "", ""],
    ["2021010103", "21350203150003", "吴𠮷", "1", "自动化学院", "080801", "自动化", "本科", "2025", "350203",
     "", "", "", "", "", "", "", ""],
], "gb18030")

# Excel "CSV UTF-8 (逗号分隔)": byte-order mark, CRLF; headers are the schema's field names.
write("roster_utf8_bom.csv", [
    ["student_no", "name", "gender", "department", "degree_level", "grad_year", "destination_code", "study_institution"],
    ["2021020201", "赵六", "2", "CS", "硕士", "2025", "801", "厦门大学"],
], "utf-8", bom=True)

# Quoted cells holding a comma, doubled quotes and a line break; no 学院 column (a department replica's roster).
write("roster_quoted.csv", [
    ["学号", "姓名", "单位名称", "备注", "毕业去向类别代码"],
    ["2021030301", "钱七", '厦门"星辰",科技有限公司', "第一行\r\n第二行", "10"],
    ["2021030302", "孙八", "普通公司", "", "11"],
], "utf-8")

# Chinese headers in another order; 性别 written 男/女; two key groups in one cell.
write("roster_shuffled_headers.csv", [
    ["毕业年份", "性别", "学历层次", "学号", "学院", "姓名", "毕业去向类别代码", "重点群体类别"],
    ["2025", "女", "本科", "2021040401", "经济学院", "周九", "70", "脱贫家庭；低保家庭"],
    ["2025", "男", "博士", "2021040402", "ECON", "吴十", "85", ""],
], "utf-8")

# Several bad rows; the record on line 4 spans two physical lines, so later rows start one line further.
write("roster_bad_rows.csv", [
    ["学号", "姓名", "性别", "学院", "学历层次", "毕业年份", "毕业去向类别代码", "签约日期", "统一社会信用代码", "手机号", "备注"],
    ["2021050501", "甲", "1", "AUTO", "本科", "2025", "10", "2025-03-01", "91350100M000100Y43", "13800000000", "ok"],
    ["2021050502", "乙", "3", "AUTO", "本科", "2025", "99", "2025-02-30", "", "", ""],
    ["2021050503", "丙", "2", "物理学院", "本科", "2025", "70", "", "", "", "多行\r\n备注"],
    ["2021050504", "丁", "1", "CS", "研究生", "1999", "11", "", "91350100M000100Y44", "12345", ""],
    ["2021050501", "戊", "2", "CS", "本科", "2025", "", "", "", "", ""],
    ["2021050505", "己", "1", "CS", "本科", "2025", "509", "", "", "", ""],
], "utf-8", bom=True)

# A column the schema does not know (national ID numbers are never stored).
write("roster_unknown_column.csv", [
    ["学号", "姓名", "身份证号", "学院"],
    ["2021060601", "郑一", "350102200301010011", "AUTO"],
], "utf-8", bom=True)
