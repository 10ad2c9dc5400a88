// The typefaces of Yuqing's written outputs, after GB/T 9704 (党政机关公文格式): the title in
// 小标宋, first-level headings in 黑体, second-level in 楷体, body and lower levels in 仿宋. A
// DOCX names one face per script (w:rFonts ascii / eastAsia / hAnsi); Word and WPS substitute a
// similar face when one is missing (方正小标宋简体 is common on office machines but not
// everywhere; the others ship with Windows, macOS Office and WPS). The HTML uses CSS stacks with
// the same faces first and common screen fonts after them.

/** A DOCX run's font: the Chinese face for East Asian text, `latin` for letters and digits. */
export interface DocxFont {
  ascii: string;
  eastAsia: string;
  hAnsi: string;
}

const docxFont = (eastAsia: string, latin = 'Times New Roman'): DocxFont => ({
  ascii: latin,
  eastAsia,
  hAnsi: latin,
});

export const DOCX_FONTS = {
  title: docxFont('方正小标宋简体'),
  heading1: docxFont('黑体', '黑体'),
  heading2: docxFont('楷体', '楷体'),
  body: docxFont('仿宋'),
  caption: docxFont('黑体', '黑体'),
} as const;

/** Half-points, as DOCX counts font sizes: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
export const DOCX_SIZES = {
  title: 44,
  body: 32,
  caption: 28,
  table: 24,
  small: 24,
} as const;

/** CSS font stacks for the HTML rendering. */
export const CSS_FONTS = {
  title:
    '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "STZhongsong", "华文中宋", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif',
  heading1:
    '"黑体", "SimHei", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
  heading2: '"楷体", "KaiTi", "STKaiti", "Kaiti SC", "AR PL UKai CN", serif',
  body: '"仿宋", "FangSong", "STFangsong", "FangSong_GB2312", "Noto Serif CJK SC", "Source Han Serif SC", serif',
} as const;
