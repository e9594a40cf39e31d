#!/usr/bin/env python3
"""Rebuild the subset Noto Sans SC fonts the kiosk embeds.

Usage (Debian: apt-get install python3-fonttools; npm pack @expo-google-fonts/noto-sans-sc):
    /usr/bin/python3 assets/fonts/subset.py path/to/package

Keeps every GB2312 character, a list of rarer characters common in given
names (so 喆 or 昇 never render as boxes), Latin, punctuation and symbols.
"""
import subprocess
import sys

RARE_NAME_CHARS = (
    "喆昇堃淼玥琇昱珺婕翀彧赟燚垚犇鑫焱祎禕玮瑨頔璟珏珅琦瑄瑾璇瑶婧姝嫣妍翊翎煜炜晔晟暄曦昕旻昊昀晗"
    "晞皓镕铠锴钰铭钧骞骥骁麒麟彤彬斐斓韬韫羿弈奕祺禛祯禎囡嫱娴媛婵滢溪沄沅泓洵浔渝湉潇澍濛灏炅"
    "焜熠燊璐瓒琰琬珞珩珈玙珣珝琛瑀瑭瓅璠璨甯畇砚硕磊礼禹秭稷穆笙箐篪芃芮苒茜荟莘菁萱蓁蔚蕴薇藜"
    "蘅虓蛟觐詹誉谞谦豫贇赜跃轩辰迦逸遥郗郜鄢醍钊铎锐锦镛阚隽雯霁霏霖靓韵顼颀颢飏馨骐髙鸾鹏鹤黛"
    "嘉懿劼勰卿叡嵘峤崑嵩嶷巍巽彦徵忞恺悦惇愔慜憬戬旸昉昶晁晖晢晧暐曜杲柘栎桉梓棣楦榕槿樾橦檀歆"
    "毓沣泺洺涵渊湛溥漪澈澄瀚炘烜焕煊熙燏犀琨瑗璞璜瓯甦珮"
)
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2200, 0x22FF),
          (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def unicodes():
    chars = set(RARE_NAME_CHARS)
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    out = ["U+%04X" % ord(c) for c in sorted(chars) if len(c) == 1]
    out += ["U+%04X-%04X" % r for r in RANGES]
    return ",".join(out)


def main():
    pkg = sys.argv[1]
    codes = unicodes()
    for weight, name in (("400Regular", "Regular"), ("700Bold", "Bold")):
        subprocess.run([sys.executable, "-m", "fontTools.subset",
                        f"{pkg}/{weight}/NotoSansSC_{weight}.ttf", "--unicodes=" + codes,
                        f"--output-file=assets/fonts/NotoSansSC-{name}.ttf",
                        "--layout-features=*", "--no-hinting"], check=True)


if __name__ == "__main__":
    main()
