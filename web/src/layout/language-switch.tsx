// The language switch: one button that offers the other language (中文 <-> English).
import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type={dark ? 'text' : 'default'}
      icon={<GlobalOutlined />}
      onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
      title={t('header.switchLanguageTitle')}
      lang={lang === 'en' ? 'zh-CN' : 'en'}
      data-testid="lang-switch"
      style={dark ? { color: 'rgba(255,255,255,0.88)' } : undefined}
    >
      {t('header.switchLanguage')}
    </Button>
  );
}
