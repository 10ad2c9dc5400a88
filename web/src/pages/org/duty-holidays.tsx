// The holiday calendar (节假日与调休), the whole province's: dates off and weekend days worked
// instead, from this year on. The office and administrators add, correct and remove dates.
import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { dutyApi, type DutyHolidayView } from '../../api/duty.ts';
import { FormError } from '../../components/form-error.tsx';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { calendar, dayKind } from '../../../../src/domain/duty-roster.ts';
import { useFormSave } from './duty-form.tsx';
import { todayInGansu, useReloadOn, weekdayLabel } from './duty-labels.tsx';

export function DutyHolidays({
  version,
  canKeep,
  onChanged,
}: {
  version: number;
  canKeep: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const from = `${todayInGansu().slice(0, 4)}-01-01`;
  const load = useCallback((signal: AbortSignal) => dutyApi.holidays({ from }, signal), [from]);
  const holidays = useApi(load);
  useReloadOn(version, holidays.reload);
  const [adding, setAdding] = useState(false);

  const remove = async (date: string) => {
    try {
      await dutyApi.removeHoliday(date);
      void message.success(t('org.duty.holidayRemoved', { date }));
      onChanged();
    } catch (e: unknown) {
      void message.error(describeError(e, t));
    }
  };

  const columns: TableColumnsType<DutyHolidayView> = [
    {
      title: t('org.duty.holidayDate'),
      dataIndex: 'date',
      key: 'date',
      width: 160,
      render: (d: string) => `${d} ${weekdayLabel(t, calendar([], d, 1)[0]?.weekday ?? -1)}`,
    },
    { title: t('org.duty.holidayName'), dataIndex: 'name', key: 'name' },
    {
      title: t('org.duty.holidayKind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 120,
      render: (k: DutyHolidayView['kind']) =>
        k === 'holiday' ? (
          <Tag color="red">{t('org.duty.holidayKind.holiday')}</Tag>
        ) : (
          <Tag color="blue">{t('org.duty.holidayKind.workday')}</Tag>
        ),
    },
    ...(canKeep
      ? [
          {
            title: t('org.duty.actions'),
            key: 'actions',
            width: 100,
            render: (_v: unknown, h: DutyHolidayView) => (
              <Popconfirm
                title={t('org.duty.holidayRemoveConfirm', { date: h.date })}
                okText={t('org.duty.holidayRemove')}
                cancelText={t('common.cancel')}
                onConfirm={() => void remove(h.date)}
              >
                <Button type="link" size="small" danger>
                  {t('org.duty.holidayRemove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <section data-testid="duty-holidays">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('org.duty.holidays')}
        </Typography.Title>
        {canKeep ? (
          <Button
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="duty-holiday-add"
          >
            {t('org.duty.addHoliday')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">{t('org.duty.holidaysDesc')}</Typography.Paragraph>
      {holidays.error ? <LoadError error={holidays.error} onRetry={holidays.reload} /> : null}
      <Table<DutyHolidayView>
        rowKey="date"
        size="small"
        columns={columns}
        dataSource={holidays.data?.items ?? []}
        loading={holidays.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('org.duty.noHolidays') }}
        data-testid="duty-holidays-table"
      />
      {adding ? (
        <HolidayModal
          onClose={(saved) => {
            setAdding(false);
            if (saved) onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

interface HolidayForm {
  date: Dayjs;
  name: string;
  kind: DutyHolidayView['kind'];
}

const FIELDS = ['date', 'name', 'kind'] as const;

function HolidayModal({ onClose }: { onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<HolidayForm>();
  const { saving, error, save } = useFormSave(form, FIELDS);

  const submit = () =>
    save(async (v) => {
      const date = v.date.format('YYYY-MM-DD');
      await dutyApi.putHoliday({ date, name: v.name, kind: v.kind });
      void message.success(t('org.duty.holidaySaved', { date }));
      onClose(true);
    });

  return (
    <Modal
      open
      title={t('org.duty.addHoliday')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => onClose(false)}
    >
      <FormError error={error} />
      <Form<HolidayForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'holiday' }}
        onValuesChange={(changed: Partial<HolidayForm>) => {
          // A weekend date is most likely a day worked instead; a weekday one a day off.
          if (changed.date) {
            const weekend = dayKind([], changed.date.format('YYYY-MM-DD')) === 'rest_day';
            form.setFieldValue('kind', weekend ? 'workday' : 'holiday');
          }
        }}
        data-testid="duty-holiday-form"
      >
        <Form.Item
          label={t('org.duty.holidayDate')}
          name="date"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker data-testid="duty-holiday-date" />
        </Form.Item>
        <Form.Item
          label={t('org.duty.holidayName')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}
        >
          <Input placeholder="国庆节" data-testid="duty-holiday-name" />
        </Form.Item>
        <Form.Item label={t('org.duty.holidayKind')} name="kind" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('org.duty.holidayKind.holiday') },
              { value: 'workday', label: t('org.duty.holidayKind.workday') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
