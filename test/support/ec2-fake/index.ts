export {
  startEc2Fake,
  type Ec2Fake,
  type Ec2FakeData,
  type Ec2FakeOptions,
  type Ec2FakeRequest,
} from './server';
export { toXml, errorXml, type XmlValue } from './xml';
export { ACTIONS, type ActionSpec } from './actions';
export { ec2Fixture, recordedVpc, type Ec2FixtureName } from './fixtures';
