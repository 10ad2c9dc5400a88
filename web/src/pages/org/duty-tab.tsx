// Duty roster (值班表): arrives with the alerts release; this says so and shows nothing made up.
import { CalendarOutlined } from '@ant-design/icons';
import { Result } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';

export function DutyTab() {
  const { t } = useI18n();
  return (
    <Result
      icon={<CalendarOutlined />}
      status="info"
      title={t('org.duty.title')}
      subTitle={t('org.duty.body')}
      data-testid="duty-tab"
    />
  );
}
