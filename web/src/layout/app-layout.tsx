// The frame of every signed-in page: the side menu of the product's pages, and a header with
// the product name, who is signed in (and their unit), the language switch and the user menu.
import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError, unitName } from '../lib/format.ts';
import { ChangePasswordModal } from './change-password-modal.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { NAV, navFor } from './nav.tsx';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { signOut } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  // On a phone the menu folds away entirely (a tab at the edge opens it over the page), so
  // the page keeps the whole width; on a tablet it folds to icons.
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [passwordOpen, setPasswordOpen] = useState(false);
  const current = navFor(location.pathname);

  const menuItems: MenuProps['items'] = NAV.map((n) => ({
    key: n.path,
    icon: n.icon,
    label: (
      <Link
        to={n.path}
        data-testid={`nav-${n.id}`}
        onClick={phone ? () => setCollapsed(true) : undefined}
      >
        {t(n.label)}
      </Link>
    ),
  }));

  const userMenu: MenuProps = {
    items: [
      {
        key: 'password',
        icon: <KeyOutlined />,
        label: <span data-testid="menu-change-password">{t('header.changePassword')}</span>,
        disabled: me.kind !== 'user',
      },
      { type: 'divider' },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        label: <span data-testid="menu-logout">{t('header.logout')}</span>,
      },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'logout') {
        signOut().then(
          () => navigate('/login', { replace: true }),
          (e: unknown) => {
            void message.error(describeError(e, t));
            void navigate('/login', { replace: true });
          },
        );
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={208}
        collapsedWidth={phone ? 0 : 80}
        theme="light"
        className={phone ? 'app-sider app-sider-phone' : 'app-sider'}
      >
        <Link to="/" className="app-brand" aria-label={t('app.name')}>
          <span className="app-brand-mark">舆</span>
          {collapsed ? null : <span className="app-brand-text">{t('app.name')}</span>}
        </Link>
        <Menu
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          items={menuItems}
          data-testid="side-menu"
        />
      </Sider>
      <Layout>
        <Header className={phone ? 'app-header app-header-phone' : 'app-header'}>
          <Typography.Text strong className="app-header-title">
            {current ? t(current.label) : t('app.name')}
          </Typography.Text>
          <Space size="middle">
            <LanguageSwitch />
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Button type="text" data-testid="user-menu" aria-label={t('header.userMenu')}>
                <Space size={6}>
                  <UserOutlined />
                  <span data-testid="current-user">{me.display_name}</span>
                  <Typography.Text type="secondary" className="app-header-unit">
                    {unitName(me.unit, lang)}
                  </Typography.Text>
                  <DownOutlined style={{ fontSize: 10 }} />
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content className="app-content">
          <Outlet />
        </Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
