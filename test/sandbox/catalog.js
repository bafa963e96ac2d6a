'use strict';

/** Realistic product names, prices and people the generators draw from. */

/** VPSBG (Sofia): monthly EUR prices without VAT. @type {Array<[string, number]>} */
const VPSBG_PRODUCTS = [
	['VPS Entry (1 vCPU, 2 GB RAM, 40 GB NVMe)', 4.5],
	['VPS Standard (2 vCPU, 4 GB RAM, 80 GB NVMe)', 9],
	['VPS Advanced (4 vCPU, 8 GB RAM, 160 GB NVMe)', 18],
	['VPS Pro (8 vCPU, 16 GB RAM, 320 GB NVMe)', 36],
	['Dedicated server Intel Xeon E-2236, 32 GB RAM, 2x 1 TB NVMe', 90],
	['Dedicated server AMD Ryzen 9 5950X, 128 GB RAM, 2x 2 TB NVMe', 149],
	['Additional IPv4 address', 2.5],
	['Backup storage 100 GB', 3],
	['DDoS protection Advanced', 15],
	['Support plan Business', 30],
];

/** i3D.net: monthly EUR cents without VAT. @type {Array<[string, number]>} */
const I3D_PRODUCTS = [
	['Dedicated server 2x AMD EPYC 7443, 256 GB RAM', 20000],
	['Dedicated server AMD EPYC 7313P, 128 GB RAM', 11900],
	['Dedicated server Intel Xeon E-2388G, 64 GB RAM', 8900],
	['Dedicated server Intel Xeon Gold 6338, 512 GB RAM', 34500],
	['FlexMetal server r6.medium', 6480],
	['Colocation 10U rack space incl. 2A power', 29500],
	['IP transit 10 Gbit/s commit', 45000],
	['Bandwidth overage 95th percentile', 3150],
	['Additional IPv4 subnet /29', 2400],
	['DDoS protection Enhanced', 9900],
	['Cross connect single-mode fiber', 7500],
	['Remote hands (per 15 minutes)', 2500],
];

/** WiseCP reseller catalogue: [description, price USD, event]. @type {Array<[string, number, string]>} */
const WISECP_PRODUCTS = [
	['(Domain Name Registration) | Yearly', 11.99, 'DomainNameRegisterOrder'],
	['(Domain Name Renewal) | Yearly', 12.99, 'RenewalDomain'],
	['Linux Hosting - Starter | Monthly', 3.49, 'HostingOrder'],
	['Linux Hosting - Business | Yearly', 59.88, 'HostingOrder'],
	['WordPress Hosting - Pro | Monthly', 9.95, 'HostingOrder'],
	['Cloud VPS SSD 2 (2 vCPU, 4 GB) | Monthly', 14.5, 'ServerOrder'],
	['Cloud VPS SSD 8 (8 vCPU, 16 GB) | Monthly', 49, 'ServerOrder'],
	['Sectigo PositiveSSL | Yearly', 7.99, 'SslOrder'],
	['cPanel Solo License | Monthly', 15.99, 'SoftwareOrder'],
	['Daily Backup Add-on | Monthly', 2.5, 'AddonOrder'],
];

const DOMAINS = [
	'northwind-shop.com', 'bluepeak.io', 'kaffeehaus-berlin.de', 'istanbulkitap.com.tr', 'atelier-lumiere.fr',
	'greenfield-farms.net', 'pixelforge.dev', 'marmara-tekstil.com', 'sunsetyoga.studio', 'ankara-oto.net',
	'brightlane.co.uk', 'tinyrobot.games',
];

/**
 * WiseCP clients: [name, surname, type, company, country_code, country_name, city, state].
 * @type {Array<[string, string, string, string|null, string, string, string, string]>}
 */
const WISECP_CLIENTS = [
	['Ayşe', 'Yılmaz', 'individual', null, 'TR', 'Turkey', 'İstanbul', 'Kadıköy'],
	['Mehmet', 'Demir', 'corporate', 'Marmara Tekstil A.Ş.', 'TR', 'Turkey', 'Bursa', 'Nilüfer'],
	['Elif', 'Kaya', 'individual', null, 'TR', 'Turkey', 'Ankara', 'Çankaya'],
	['John', 'Carter', 'corporate', 'Northwind Traders Inc.', 'US', 'United States', 'Seattle', 'Washington'],
	['Emily', 'Nguyen', 'individual', null, 'US', 'United States', 'Austin', 'Texas'],
	['Oliver', 'Brown', 'corporate', 'Brightlane Ltd', 'GB', 'United Kingdom', 'Manchester', 'Greater Manchester'],
	['Sophie', 'Martin', 'corporate', 'Atelier Lumière SARL', 'FR', 'France', 'Lyon', 'Auvergne-Rhône-Alpes'],
	['Lukas', 'Schneider', 'individual', null, 'DE', 'Germany', 'Berlin', 'Berlin'],
	['Anna', 'Kowalska', 'corporate', 'PixelForge Sp. z o.o.', 'PL', 'Poland', 'Kraków', 'Małopolskie'],
	['Carlos', 'García', 'individual', null, 'ES', 'Spain', 'Valencia', 'Valencia'],
	['Fatma', 'Şahin', 'corporate', 'Ankara Oto Ltd. Şti.', 'TR', 'Turkey', 'Ankara', 'Yenimahalle'],
	['Noah', 'Williams', 'individual', null, 'CA', 'Canada', 'Toronto', 'Ontario'],
];

/** PPH (vionity) products, gross EUR per month: [name, price, spec lines]. @type {Array<[string, number, string]>} */
const PPH_HOSTING = [
	['KVM Konfigurierbar (SSD)', 7.95, 'Betriebssystem: Debian 12\nProzessor: 2 Kerne\nRAM: 4GB RAM\nNVMe SSD Speicher: 50GB SSD\nNetzwerkgeschwindigkeit: bis zu 200 MBit/s'],
	['KVM Ryzen Pro', 14.99, 'Betriebssystem: Ubuntu 24.04\nProzessor: 4 Kerne AMD Ryzen 9\nRAM: 16GB DDR5\nNVMe SSD Speicher: 200GB\nNetzwerkgeschwindigkeit: bis zu 1 GBit/s'],
	['Gameserver Minecraft 8GB', 12.95, 'Slots: unbegrenzt\nRAM: 8GB\nStandort: Frankfurt'],
	['Webhosting M', 3.99, 'Speicher: 25GB\nDomains: 3 inklusive\nSSL: Let\'s Encrypt'],
	['KVM Konfigurierbar (SSD)', 4.75, 'Betriebssystem: Debian 12\nProzessor: 1 Kern\nRAM: 2GB RAM\nNVMe SSD Speicher: 25GB SSD\nNetzwerkgeschwindigkeit: bis zu 200 MBit/s'],
];

/** Northflank projects for the usage breakdown: [name, resource type, resources]. @type {Array<[string, string, string[]]>} */
const NORTHFLANK_PROJECTS = [
	['api-production', 'service', ['api-gateway', 'billing-worker', 'auth-service']],
	['web-frontend', 'service', ['nextjs-app', 'image-proxy']],
	['data-platform', 'addon', ['postgres-main', 'redis-cache', 'clickhouse-events']],
	['ci-jobs', 'job', ['nightly-backup', 'e2e-tests']],
];

module.exports = {
	VPSBG_PRODUCTS, I3D_PRODUCTS, WISECP_PRODUCTS, DOMAINS, WISECP_CLIENTS, PPH_HOSTING, NORTHFLANK_PROJECTS,
};
