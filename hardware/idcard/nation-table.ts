/**
 * GB 3304 codes of China's ethnic groups as stored on the resident card (2 digits, "01" = 汉).
 * Names follow the standard: Chinese without the trailing 族, and the standard's romanisation.
 */
export const NATIONS: Readonly<Record<string, { name: string; nameEn: string }>> = {
  '01': { name: '汉', nameEn: 'Han' },
  '02': { name: '蒙古', nameEn: 'Mongol' },
  '03': { name: '回', nameEn: 'Hui' },
  '04': { name: '藏', nameEn: 'Zang' },
  '05': { name: '维吾尔', nameEn: 'Uygur' },
  '06': { name: '苗', nameEn: 'Miao' },
  '07': { name: '彝', nameEn: 'Yi' },
  '08': { name: '壮', nameEn: 'Zhuang' },
  '09': { name: '布依', nameEn: 'Buyei' },
  '10': { name: '朝鲜', nameEn: 'Chosen' },
  '11': { name: '满', nameEn: 'Man' },
  '12': { name: '侗', nameEn: 'Dong' },
  '13': { name: '瑶', nameEn: 'Yao' },
  '14': { name: '白', nameEn: 'Bai' },
  '15': { name: '土家', nameEn: 'Tujia' },
  '16': { name: '哈尼', nameEn: 'Hani' },
  '17': { name: '哈萨克', nameEn: 'Kazak' },
  '18': { name: '傣', nameEn: 'Dai' },
  '19': { name: '黎', nameEn: 'Li' },
  '20': { name: '傈僳', nameEn: 'Lisu' },
  '21': { name: '佤', nameEn: 'Va' },
  '22': { name: '畲', nameEn: 'She' },
  '23': { name: '高山', nameEn: 'Gaoshan' },
  '24': { name: '拉祜', nameEn: 'Lahu' },
  '25': { name: '水', nameEn: 'Sui' },
  '26': { name: '东乡', nameEn: 'Dongxiang' },
  '27': { name: '纳西', nameEn: 'Naxi' },
  '28': { name: '景颇', nameEn: 'Jingpo' },
  '29': { name: '柯尔克孜', nameEn: 'Kirgiz' },
  '30': { name: '土', nameEn: 'Tu' },
  '31': { name: '达斡尔', nameEn: 'Daur' },
  '32': { name: '仫佬', nameEn: 'Mulao' },
  '33': { name: '羌', nameEn: 'Qiang' },
  '34': { name: '布朗', nameEn: 'Blang' },
  '35': { name: '撒拉', nameEn: 'Salar' },
  '36': { name: '毛南', nameEn: 'Maonan' },
  '37': { name: '仡佬', nameEn: 'Gelao' },
  '38': { name: '锡伯', nameEn: 'Xibe' },
  '39': { name: '阿昌', nameEn: 'Achang' },
  '40': { name: '普米', nameEn: 'Pumi' },
  '41': { name: '塔吉克', nameEn: 'Tajik' },
  '42': { name: '怒', nameEn: 'Nu' },
  '43': { name: '乌孜别克', nameEn: 'Uzbek' },
  '44': { name: '俄罗斯', nameEn: 'Russ' },
  '45': { name: '鄂温克', nameEn: 'Ewenki' },
  '46': { name: '德昂', nameEn: 'Deang' },
  '47': { name: '保安', nameEn: 'Bonan' },
  '48': { name: '裕固', nameEn: 'Yugur' },
  '49': { name: '京', nameEn: 'Gin' },
  '50': { name: '塔塔尔', nameEn: 'Tatar' },
  '51': { name: '独龙', nameEn: 'Derung' },
  '52': { name: '鄂伦春', nameEn: 'Oroqen' },
  '53': { name: '赫哲', nameEn: 'Hezhen' },
  '54': { name: '门巴', nameEn: 'Monba' },
  '55': { name: '珞巴', nameEn: 'Lhoba' },
  '56': { name: '基诺', nameEn: 'Jino' },
  '97': { name: '其他', nameEn: 'other' },
  '98': { name: '外国血统中国籍人士', nameEn: 'Chinese citizen of foreign origin' },
};

export interface Nation {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
}

export function nationOf(code: string): Nation | undefined {
  const entry = Object.hasOwn(NATIONS, code) ? NATIONS[code] : undefined;
  return entry ? { code, ...entry } : undefined;
}
