// The pages of the product, in menu order, with their paths and icons.
import {
  AlertOutlined,
  AuditOutlined,
  BookOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FilterOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SafetyOutlined,
  SendOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/i18n.tsx';

export type PageId =
  | 'dashboard'
  | 'mentions'
  | 'schemes'
  | 'alerts'
  | 'incidents'
  | 'approvals'
  | 'releases'
  | 'reports'
  | 'cases'
  | 'briefings'
  | 'org'
  | 'audit'
  | 'settings';

export interface NavItem {
  id: PageId;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Built in this release; the others show a "later release" notice. */
  built: boolean;
}

export const NAV: readonly NavItem[] = [
  { id: 'dashboard', path: '/', label: 'nav.dashboard', icon: <DashboardOutlined />, built: true },
  {
    id: 'mentions',
    path: '/mentions',
    label: 'nav.mentions',
    icon: <ProfileOutlined />,
    built: true,
  },
  { id: 'schemes', path: '/schemes', label: 'nav.schemes', icon: <FilterOutlined />, built: true },
  { id: 'alerts', path: '/alerts', label: 'nav.alerts', icon: <AlertOutlined />, built: true },
  {
    id: 'incidents',
    path: '/incidents',
    label: 'nav.incidents',
    icon: <SafetyOutlined />,
    built: true,
  },
  {
    id: 'approvals',
    path: '/approvals',
    label: 'nav.approvals',
    icon: <CheckSquareOutlined />,
    built: true,
  },
  {
    id: 'releases',
    // /releases is the public page the server serves itself (no sign-in).
    path: '/publishing',
    label: 'nav.releases',
    icon: <NotificationOutlined />,
    built: true,
  },
  { id: 'reports', path: '/reports', label: 'nav.reports', icon: <SendOutlined />, built: true },
  { id: 'cases', path: '/cases', label: 'nav.cases', icon: <BookOutlined />, built: true },
  {
    id: 'briefings',
    path: '/briefings',
    label: 'nav.briefings',
    icon: <FileTextOutlined />,
    built: true,
  },
  { id: 'org', path: '/org', label: 'nav.org', icon: <TeamOutlined />, built: true },
  { id: 'audit', path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, built: true },
  {
    id: 'settings',
    path: '/settings',
    label: 'nav.settings',
    icon: <SettingOutlined />,
    built: true,
  },
];

/** The menu entry a location belongs to ('/org/x' belongs to '/org'). */
export function navFor(pathname: string): NavItem | undefined {
  return NAV.find((n) =>
    n.path === '/' ? pathname === '/' : pathname === n.path || pathname.startsWith(`${n.path}/`),
  );
}
